package dev.phasegate.gateway.cli.admin;

import dev.phasegate.admin.client.AdminClient;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/** Options every admin subcommand shares: where the API is, the token, the output format. */
public final class AdminOptions {

    @Option(names = "--admin", paramLabel = "URL",
            defaultValue = "${env:PHASEGATE_ADMIN_URL:-" + AdminClient.DEFAULT_URL + "}",
            description = "Admin API URL (default: ${DEFAULT-VALUE}; env PHASEGATE_ADMIN_URL)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Admin API bearer token (default: env " + AdminClient.TOKEN_ENV + ")")
    String token;

    @Option(names = "--json", description = "Print the API's JSON instead of a table")
    boolean json;

    /** The client; an {@link IllegalArgumentException} in the user's words when {@code --admin} is no http URL. */
    AdminClient client() {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(notAUrl());
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            throw new IllegalArgumentException(notAUrl());
        }
        return AdminClient.of(url.strip(), token);
    }

    private String notAUrl() {
        return "--admin '" + url + "' is not a URL like " + AdminClient.DEFAULT_URL;
    }
}
