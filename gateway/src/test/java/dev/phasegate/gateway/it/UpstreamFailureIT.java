package dev.phasegate.gateway.it;

import static dev.phasegate.gateway.it.JdbcPassThroughIT.sqlState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.server.Gateway;
import dev.phasegate.testing.PostgresExtension;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The upstream is unreachable or goes away: the affected clients hear why, the others carry on. */
class UpstreamFailureIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @Test
    void anUnreachableUpstreamGets08001NamingIt() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Gateway gateway = Gateway.start(TestGateway.config("127.0.0.1", closedPort, "app", ""),
                QueryHook.PASS_THROUGH)) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + gateway.address().getPort() + "/app", "postgres", ""));
            assertThat(e.getSQLState()).isEqualTo("08001");
            assertThat(e.getMessage()).contains("could not connect to upstream server 127.0.0.1:" + closedPort);
        }
    }

    @Test
    void losingTheUpstreamMidSessionGets08006AndSparesOtherSessions() throws Exception {
        try (TcpRelay relay = new TcpRelay(PG.host(), PG.port());
             Gateway flaky = Gateway.start(TestGateway.config("127.0.0.1", relay.port(), PG.database(), ""),
                     QueryHook.PASS_THROUGH);
             TestGateway steady = TestGateway.start(PG);
             Connection victim = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                     + flaky.address().getPort() + "/" + PG.database(), PG.user(), PG.password());
             Connection other = steady.connect()) {
            try (Statement s = victim.createStatement()) {
                s.execute("SELECT 1");
            }
            relay.cutAll();
            SQLException e = catchThrowableOfType(SQLException.class, () -> {
                try (Statement s = victim.createStatement()) {
                    s.execute("SELECT 2");
                }
            });
            assertThat(e.getSQLState()).startsWith("08");
            try (Statement s = other.createStatement(); ResultSet rs = s.executeQuery("SELECT 3")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void anIdleSessionWhoseUpstreamDiesIsToldSoWith08006() throws Exception {
        try (TcpRelay relay = new TcpRelay(PG.host(), PG.port());
             Gateway flaky = Gateway.start(TestGateway.config("127.0.0.1", relay.port(), PG.database(), ""),
                     QueryHook.PASS_THROUGH);
             WireClient client = new WireClient(flaky.address().getPort())) {
            client.login("postgres", PG.database());
            relay.cutAll();
            assertThat(client.errorsUntilClosed()).singleElement().asString().startsWith(
                    "FATAL 08006 lost connection to upstream 127.0.0.1:" + relay.port());
        }
    }

    @Test
    void anUpstreamThatEndsTheSessionItselfIsRelayedAsIs() throws Exception {
        try (TestGateway gateway = TestGateway.start(PG); Connection victim = gateway.connect();
             Connection admin = PG.connect()) {
            int pid;
            try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (Statement s = admin.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            Thread.sleep(200);
            assertThat(sqlState(() -> victim.createStatement().execute("SELECT 1"))).isIn("57P01", "08003", "08006");
        }
    }

    @Test
    void aGatewayStopsWithinItsGracePeriod() throws Exception {
        TestGateway gateway = TestGateway.start(PG);
        long start = System.nanoTime();
        gateway.gateway.shutdown(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
