package dev.phasegate.gateway.cli.admin;

import dev.phasegate.admin.client.AdminClient;
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

    AdminClient client() {
        return AdminClient.of(url, token);
    }
}
