package dev.phasegate.gateway.it;

import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.server.Gateway;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** A gateway started in-process in front of a test class's database, on a free loopback port. */
final class TestGateway implements AutoCloseable {

    final Gateway gateway;
    private final PostgresExtension pg;

    private TestGateway(Gateway gateway, PostgresExtension pg) {
        this.gateway = gateway;
        this.pg = pg;
    }

    static TestGateway start(PostgresExtension pg) {
        return start(pg, QueryHook.PASS_THROUGH, "");
    }

    /** @param extraYaml more configuration, appended to the file (e.g. a {@code tls:} or {@code proxy:} section) */
    static TestGateway start(PostgresExtension pg, QueryHook hook, String extraYaml) {
        return new TestGateway(Gateway.start(config(pg.host(), pg.port(), pg.database(), extraYaml), hook), pg);
    }

    static PhasegateConfig config(String host, int port, String database, String extraYaml) {
        String yaml = """
                listen: 127.0.0.1:0
                upstream:
                  host: %s
                  port: %d
                  database: %s
                  connectTimeout: 2s
                """.formatted(host, port, database) + extraYaml;
        return ConfigLoader.parse(yaml, "test", Map.of());
    }

    int port() {
        return gateway.address().getPort();
    }

    String jdbcUrl() {
        return jdbcUrl(pg.database());
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A superuser connection through the gateway, with extra PgJDBC properties as key, value pairs. */
    Connection connect(String... properties) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        for (int i = 0; i < properties.length; i += 2) {
            p.setProperty(properties[i], properties[i + 1]);
        }
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    Connection connectAs(String user, String password, String... properties) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        for (int i = 0; i < properties.length; i += 2) {
            p.setProperty(properties[i], properties[i + 1]);
        }
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    @Override
    public void close() {
        gateway.shutdown(Duration.ofSeconds(2));
        assertNoBufferLeaks();
    }

    /**
     * Fails if Netty reported a leaked buffer. The tests run with paranoid leak detection; leaks are
     * reported when a collected buffer is noticed during a later allocation, so collect and allocate.
     */
    static void assertNoBufferLeaks() {
        try (LogCapture leaks = new LogCapture(io.netty.util.ResourceLeakDetector.class)) {
            for (int round = 0; round < 3; round++) {
                System.gc();
                for (int i = 0; i < 64; i++) {
                    io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(64).release();
                }
            }
            org.assertj.core.api.Assertions.assertThat(leaks.messages()).as("Netty buffer leak reports")
                    .noneMatch(m -> m.contains("LEAK"));
        }
    }
}
