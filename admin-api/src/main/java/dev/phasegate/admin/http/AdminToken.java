package dev.phasegate.admin.http;

import dev.phasegate.config.AdminConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The admin API's bearer token: from {@code admin.token}, else the environment variable
 * {@code PHASEGATE_ADMIN_TOKEN}, else generated at start (256 random bits).
 */
public final class AdminToken {

    public static final String ENV = "PHASEGATE_ADMIN_TOKEN";

    /** Where the token came from. */
    public enum Origin { CONFIG, ENVIRONMENT, GENERATED }

    private final String value;
    private final Origin origin;
    private final byte[] digest;

    private AdminToken(String value, Origin origin) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.value = value;
        this.origin = origin;
        this.digest = sha256(value);
    }

    public static AdminToken resolve(AdminConfig config, Map<String, String> environment) {
        if (config != null && config.token() != null && !config.token().isBlank()) {
            return new AdminToken(config.token().strip(), Origin.CONFIG);
        }
        String env = environment.get(ENV);
        if (env != null && !env.isBlank()) {
            return new AdminToken(env.strip(), Origin.ENVIRONMENT);
        }
        return generate();
    }

    public static AdminToken of(String value) {
        return new AdminToken(value, Origin.CONFIG);
    }

    public static AdminToken generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new AdminToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), Origin.GENERATED);
    }

    public String value() {
        return value;
    }

    public Origin origin() {
        return origin;
    }

    /**
     * Whether an {@code Authorization} header carries this token. Compares SHA-256 digests with a
     * constant-time comparison, so neither content nor length leaks through timing.
     */
    public boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        String header = authorization.strip();
        if (header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(header.substring(7).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[" + origin + "]";
    }
}
