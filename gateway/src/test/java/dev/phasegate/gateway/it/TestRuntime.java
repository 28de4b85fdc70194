package dev.phasegate.gateway.it;

import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.gateway.runtime.PhasegateRuntime;
import dev.phasegate.testing.PostgresExtension;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A whole Phasegate (control plane on the database store, rewriter, proxy) started in-process in
 * front of a test class's database: gateway and admin API on free loopback ports, a fixed admin
 * token, short store polling and guard-rail windows.
 */
final class TestRuntime implements AutoCloseable {

    static final String TOKEN = "test-admin-token";

    final PhasegateRuntime runtime;
    final AdminClient admin;
    private final PostgresExtension pg;

    private TestRuntime(PhasegateRuntime runtime, PostgresExtension pg) {
        this.runtime = runtime;
        this.pg = pg;
        this.admin = new AdminClient(URI.create(runtime.adminUrl()), TOKEN, "test", Duration.ofSeconds(30));
    }

    /** @param extraYaml more configuration (e.g. {@code columns:}, {@code ddl:}), appended to the file */
    static TestRuntime start(PostgresExtension pg, String gatewayId, String extraYaml) {
        return new TestRuntime(PhasegateRuntime.builder(config(pg, extraYaml)).gatewayId(gatewayId)
                .shutdownGrace(Duration.ofSeconds(2)).start(), pg);
    }

    static PhasegateConfig config(PostgresExtension pg, String extraYaml) {
        String yaml = """
                listen: 127.0.0.1:0
                upstream:
                  host: %s
                  port: %d
                  database: %s
                  user: %s
                  password: "%s"
                  connectTimeout: 5s
                admin:
                  listen: 127.0.0.1:0
                  token: %s
                store:
                  pollInterval: 200ms
                proxy:
                  shutdownGrace: 2s
                """.formatted(pg.host(), pg.port(), pg.database(), pg.user(), pg.password(), TOKEN) + extraYaml;
        return ConfigLoader.parse(yaml, "test", Map.of());
    }

    int port() {
        return runtime.listenAddress().getPort();
    }

    String jdbcUrl() {
        return jdbcUrl(pg.database());
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A superuser connection through the gateway, with extra PgJDBC properties as key, value pairs. */
    Connection connect(String... properties) throws SQLException {
        return connectTo(pg.database(), properties);
    }

    Connection connectTo(String database, String... properties) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("ApplicationName", "phasegate-it");
        for (int i = 0; i < properties.length; i += 2) {
            p.setProperty(properties[i], properties[i + 1]);
        }
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
