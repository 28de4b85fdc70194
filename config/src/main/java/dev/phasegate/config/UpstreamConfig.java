package dev.phasegate.config;

import java.time.Duration;

/**
 * The PostgreSQL server behind the gateway. Client sessions authenticate to it themselves (the
 * gateway relays the exchange); {@code user}/{@code password} are only the control plane's own
 * login (phase store, catalog, backfill).
 */
public record UpstreamConfig(String host, int port, String database, String user, String password,
                             Duration connectTimeout) {

    static UpstreamConfig from(ConfigSection s) {
        UpstreamConfig c = new UpstreamConfig(
                s.string("host", "127.0.0.1"),
                s.integer("port", 5432, 1, 65535),
                s.string("database", "postgres"),
                s.string("user", "postgres"),
                s.string("password", ""),
                s.duration("connectTimeout", Duration.ofSeconds(5)));
        s.finish();
        return c;
    }

    public HostPort address() {
        return new HostPort(host, port);
    }

    /** JDBC URL of the managed database, for the control plane's own connections. */
    public String jdbcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }
}
