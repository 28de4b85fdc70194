package dev.phasegate.gateway.it;

import static dev.phasegate.gateway.it.Eventually.assertThatEventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.server.ConnectionListener;
import dev.phasegate.gateway.server.Gateway;
import dev.phasegate.gateway.session.SessionSnapshot;
import dev.phasegate.testing.PostgresExtension;
import io.netty.channel.uring.IoUring;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The gateway's own relay (proxy.md, "The relay"): on io_uring a session moves to it once logged
 * in, and from then on it carries the session's bytes and its end. Most of what it must do is
 * proven by every other suite, which runs on it by default; these are the things only a relay can
 * get wrong: the move itself under concurrent logins, the sockets' end (a backend must not outlive
 * its client), and Netty's bookkeeping of connections it no longer drives.
 */
class RelayIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL)",
            "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g");

    @BeforeEach
    void onIoUring() {
        Assumptions.assumeTrue(IoUring.isAvailable(), "the relay runs on io_uring, not available here");
    }

    @Test
    void aLoggedInSessionMovesToTheRelayUnlessItIsTurnedOff() throws Exception {
        try (TestGateway on = TestGateway.start(PG); Connection c = on.connect()) {
            assertThat(selectOne(c)).isEqualTo(1);
            assertThatEventually(() -> assertThat(on.gateway.sessions().snapshot())
                    .singleElement().extracting(SessionSnapshot::relayed).isEqualTo(true));
            assertThat(selectOne(c)).as("statements after the move").isEqualTo(1);
        }
        try (TestGateway off = TestGateway.start(PG, QueryHook.PASS_THROUGH, "proxy:\n  relay: false\n");
             Connection c = off.connect()) {
            assertThat(selectOne(c)).isEqualTo(1);
            assertThat(off.gateway.sessions().snapshot()).singleElement()
                    .extracting(SessionSnapshot::relayed).isEqualTo(false);
        }
    }

    /** Logins overlap with other sessions' traffic on the one event loop, and every session ends cleanly. */
    @Test
    void manyShortSessionsMoveOverWhileOthersRun() throws Exception {
        AtomicInteger clients = new AtomicInteger();
        AtomicInteger upstreams = new AtomicInteger();
        ConnectionListener counting = new ConnectionListener() {
            @Override
            public void clientConnected() {
                clients.incrementAndGet();
            }

            @Override
            public void clientDisconnected() {
                clients.decrementAndGet();
            }

            @Override
            public void upstreamConnected() {
                upstreams.incrementAndGet();
            }

            @Override
            public void upstreamDisconnected() {
                upstreams.decrementAndGet();
            }
        };
        try (Gateway gateway = Gateway.start(TestGateway.config(PG.host(), PG.port(), PG.database(), ""),
                QueryHook.PASS_THROUGH, counting)) {
            String url = "jdbc:postgresql://127.0.0.1:" + gateway.address().getPort() + "/" + PG.database()
                    + "?ApplicationName=relay-short";
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Long>> sums = new ArrayList<>();
                for (int worker = 0; worker < 8; worker++) {
                    int w = worker;
                    sums.add(pool.submit(() -> {
                        long sum = 0;
                        for (int session = 0; session < 25; session++) {
                            try (Connection c = DriverManager.getConnection(url, PG.user(), PG.password());
                                 Statement s = c.createStatement()) {
                                for (int q = 1; q <= 4; q++) {
                                    try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = " + (w * 100 + q))) {
                                        rs.next();
                                        sum += Long.parseLong(rs.getString(1).substring(1));
                                    }
                                }
                            }
                        }
                        return sum;
                    }));
                }
                for (int worker = 0; worker < 8; worker++) {
                    long expected = 25L * (4 * worker * 100 + 10);
                    assertThat(sums.get(worker).get(60, TimeUnit.SECONDS)).as("worker %d", worker).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
            // Every socket the relay ended is closed in Netty's books too (the metrics follow them).
            assertThatEventually(() -> {
                assertThat(gateway.sessions().size()).as("sessions").isZero();
                assertThat(clients.get()).as("open client connections").isZero();
                assertThat(upstreams.get()).as("open upstream connections").isZero();
            });
            assertThatEventually(() -> assertThat(backendsNamed("relay-short")).isZero());
        }
        TestGateway.assertNoBufferLeaks();
    }

    /**
     * A client that vanishes in the middle of a large result: the relay's receive on the client's
     * socket ends, the upstream is told, and the server's backend goes away rather than blocking on
     * a send nobody reads.
     */
    @Test
    void aClientThatVanishesMidStreamTakesItsServerBackendWithIt() throws Exception {
        try (TestGateway gw = TestGateway.start(PG)) {
            Connection c = gw.connect("ApplicationName", "relay-vanishing");
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT g, repeat('x', 1000) FROM generate_series(1, 200000) g) TO STDOUT");
            assertThat(copy.readFromCopy()).isNotNull();
            assertThat(backendsNamed("relay-vanishing")).isEqualTo(1);
            c.abort(Runnable::run); // the socket closes under the stream
            assertThatEventually(() -> {
                assertThat(backendsNamed("relay-vanishing")).as("server backends of the vanished client").isZero();
                assertThat(gw.gateway.sessions().size()).as("sessions").isZero();
            });
        }
    }

    /**
     * The upstream goes away right after the login, while the session is moving to the relay (the
     * cut lands before, during or after the move, depending on the round): the client is told
     * why every time, never left with a silent close.
     */
    @Test
    void anUpstreamLostDuringTheMoveIsStillReportedToTheClient() throws Exception {
        try (TcpRelay cable = new TcpRelay(PG.host(), PG.port());
             Gateway gateway = Gateway.start(TestGateway.config("127.0.0.1", cable.port(), PG.database(), ""),
                     QueryHook.PASS_THROUGH)) {
            for (int round = 0; round < 30; round++) {
                try (WireClient client = new WireClient(gateway.address().getPort())) {
                    client.login("postgres", PG.database());
                    cable.cutAll();
                    assertThat(client.errorsUntilClosed()).as("round %d", round).singleElement().asString()
                            .startsWith("FATAL 08006 lost connection to upstream 127.0.0.1:" + cable.port());
                }
            }
            assertThatEventually(() -> assertThat(gateway.sessions().size()).isZero());
        }
    }

    /** A client that ends with Terminate: the server hears it and the backend ends at once. */
    @Test
    void aClientThatSaysGoodbyeEndsItsBackend() throws Exception {
        try (TestGateway gw = TestGateway.start(PG)) {
            try (Connection c = gw.connect("ApplicationName", "relay-goodbye")) {
                assertThat(selectOne(c)).isEqualTo(1);
                assertThat(backendsNamed("relay-goodbye")).isEqualTo(1);
            }
            assertThatEventually(() -> assertThat(backendsNamed("relay-goodbye")).isZero());
        }
    }

    /** COPY FROM STDIN of more than a receive buffer at a time, and a result read back in full. */
    @Test
    void streamsBothWaysWithoutLosingOrReorderingAByte() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            data.append(i).append('\t').append("payload-").append(Integer.toHexString(i * 31)).append('\n');
        }
        try (TestGateway gw = TestGateway.start(PG); Connection c = gw.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE copied (id int, v text)");
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            assertThat(copy.copyIn("COPY copied FROM STDIN", new java.io.StringReader(data.toString())))
                    .isEqualTo(200_000);
            java.io.StringWriter out = new java.io.StringWriter();
            copy.copyOut("COPY (SELECT * FROM copied ORDER BY id) TO STDOUT", out);
            assertThat(out.toString()).isEqualTo(data.toString());
        }
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int backendsNamed(String applicationName) {
        try (Connection admin = PG.connect(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                     + applicationName + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
