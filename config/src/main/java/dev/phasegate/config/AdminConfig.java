package dev.phasegate.config;

/**
 * The admin HTTP API. The token comes from {@code admin.token}, else the environment variable
 * {@code PHASEGATE_ADMIN_TOKEN}, else one is generated at start and printed once.
 */
public record AdminConfig(boolean enabled, HostPort listen, String token) {

    static AdminConfig from(ConfigSection s) {
        AdminConfig c = new AdminConfig(
                s.bool("enabled", true),
                s.parsed("listen", new HostPort("127.0.0.1", 8543), HostPort::parse),
                s.string("token", null));
        s.finish();
        return c;
    }
}
