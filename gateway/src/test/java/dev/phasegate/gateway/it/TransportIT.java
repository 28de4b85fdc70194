package dev.phasegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.config.ConfigException;
import dev.phasegate.config.ProxyConfig.SocketTransport;
import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.server.Gateway;
import dev.phasegate.gateway.server.Transport;
import dev.phasegate.gateway.session.SessionSnapshot;
import dev.phasegate.testing.PostgresExtension;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.PGConnection;

/**
 * The same traffic through each socket implementation ({@code proxy.transport}): io_uring is the
 * default on Linux, epoll is what containers that refuse io_uring get, NIO is the portable one.
 * Each must carry many sessions on one loop, results larger than a read, COPY in and out, and
 * cancel requests (which open their own upstream connection).
 */
class TransportIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL)",
            "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g",
            "CREATE TABLE copied (id int, v text)");

    /** io_uring twice: on the gateway's own relay (the default) and on Netty's channels ({@code proxy.relay: false}). */
    @ParameterizedTest(name = "{0}, relay {1}")
    @CsvSource({"IO_URING, true", "IO_URING, false", "EPOLL, true", "NIO, true"})
    void carriesSessionsLargeResultsCopyAndCancelOn(SocketTransport transport, boolean relay) throws Exception {
        Assumptions.assumeTrue(Transport.valueOf(transport.name()).isAvailable(), () -> transport + " is not available on this machine");
        try (TestGateway gw = TestGateway.start(PG, QueryHook.PASS_THROUGH,
                "proxy:\n  transport: " + transport.name().toLowerCase(java.util.Locale.ROOT) + "\n  relay: " + relay
                        + "\n")) {
            assertThat(gw.gateway.transport().name()).isEqualTo(transport.name());
            relayedAsConfigured(gw, relay && transport == SocketTransport.IO_URING);
            concurrentSessions(gw);
            largeResult(gw);
            copyInAndOut(gw, transport);
            cancel(gw);
        }
    }

    @Test
    void autoPicksIoUringWhereTheKernelAllowsIt() {
        Transport expected = IoUring.isAvailable() ? Transport.IO_URING
                : Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;
        assertThat(Transport.choose(SocketTransport.AUTO, "phasegate.yml")).isEqualTo(expected);
    }

    @Test
    void anUnavailableTransportNamedInTheConfigurationStopsTheStartWithTheReason() {
        // Only reachable where io_uring is refused (old kernel, seccomp); elsewhere it must start.
        if (IoUring.isAvailable()) {
            try (Gateway gateway = Gateway.start(TestGateway.config(PG.host(), PG.port(), PG.database(),
                    "proxy:\n  transport: io_uring\n"), QueryHook.PASS_THROUGH)) {
                assertThat(gateway.transport()).isEqualTo(Transport.IO_URING);
            }
        } else {
            assertThatThrownBy(() -> Transport.choose(SocketTransport.IO_URING, "phasegate.yml"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("phasegate.yml: proxy.transport: io_uring is not available on this machine (");
        }
    }

    /** The relay exists on io_uring only; elsewhere, and when turned off, sessions stay on Netty's channels. */
    private static void relayedAsConfigured(TestGateway gw, boolean relayed) throws SQLException {
        try (Connection c = gw.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            Eventually.assertThatEventually(() -> assertThat(gw.gateway.sessions().snapshot()).singleElement()
                    .extracting(SessionSnapshot::relayed).isEqualTo(relayed));
        }
    }

    /** Sixteen sessions on one event loop, each mixing prepared and simple statements. */
    private static void concurrentSessions(TestGateway gw) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> sums = new ArrayList<>();
            for (int s = 0; s < 16; s++) {
                int offset = s;
                sums.add(pool.submit(() -> {
                    long sum = 0;
                    try (Connection c = gw.connect("prepareThreshold", "1");
                         PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE id = ?");
                         Statement st = c.createStatement()) {
                        for (int i = 1; i <= 100; i++) {
                            ps.setInt(1, (i + offset) % 1000 + 1);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                sum += rs.getInt(1);
                            }
                            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM t WHERE id <= " + i)) {
                                rs.next();
                                sum += rs.getLong(1);
                            }
                        }
                    }
                    return sum;
                }));
            }
            for (int s = 0; s < 16; s++) {
                long expected = 0;
                for (int i = 1; i <= 100; i++) {
                    expected += (i + s) % 1000 + 1 + i;
                }
                assertThat(sums.get(s).get(60, TimeUnit.SECONDS)).as("session %d", s).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** About 20 MB in one result: many reads and writes, and backpressure if the client lags. */
    private static void largeResult(TestGateway gw) throws SQLException {
        try (Connection c = gw.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT g, repeat(chr(65 + g % 26), 2000) FROM generate_series(1, 10000) g")) {
            long rows = 0;
            long chars = 0;
            while (rs.next()) {
                rows++;
                String v = rs.getString(2);
                assertThat(v.charAt(0)).isEqualTo((char) (65 + rs.getInt(1) % 26));
                chars += v.length();
            }
            assertThat(rows).isEqualTo(10_000);
            assertThat(chars).isEqualTo(20_000_000L);
        }
    }

    private static void copyInAndOut(TestGateway gw, SocketTransport transport) throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            data.append(i).append('\t').append("row-").append(i).append('-').append(transport).append('\n');
        }
        try (Connection c = gw.connect()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (Statement st = c.createStatement()) {
                st.execute("TRUNCATE copied");
            }
            assertThat(copy.copyIn("COPY copied FROM STDIN", new StringReader(data.toString()))).isEqualTo(50_000);
            java.io.StringWriter out = new java.io.StringWriter();
            copy.copyOut("COPY (SELECT * FROM copied ORDER BY id) TO STDOUT", out);
            assertThat(out.toString()).isEqualTo(data.toString());
        }
    }

    private static void cancel(TestGateway gw) throws Exception {
        try (Connection c = gw.connect(); Statement sleeping = c.createStatement()) {
            CompletableFuture<Void> cancelled = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    sleeping.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> sleeping.execute("SELECT pg_sleep(20)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            cancelled.get(10, TimeUnit.SECONDS);
            try (ResultSet rs = sleeping.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
