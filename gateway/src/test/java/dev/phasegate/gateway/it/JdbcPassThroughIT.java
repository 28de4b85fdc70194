package dev.phasegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.testing.PostgresExtension;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/** PgJDBC through the pass-through gateway: every path an application uses, against a real PostgreSQL. */
class JdbcPassThroughIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2), tags text[],"
                    + " data bytea, uid uuid, at timestamptz)",
            "INSERT INTO items SELECT g, 'item ' || g, g * 1.25, ARRAY['t' || g, 'x'], decode(md5(g::text), 'hex'),"
                    + " md5(g::text)::uuid, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour'"
                    + " FROM generate_series(1, 100) g",
            "CREATE TABLE batch (id int PRIMARY KEY, v text)",
            "CREATE TABLE copied (id int, v text)",
            "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL CHECK (balance >= 0))",
            "INSERT INTO accounts VALUES (1, 100), (2, 0)");

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(PG);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    private static List<List<Object>> rows(ResultSet rs) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                row.add(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b)
                        : v instanceof java.sql.Array a ? List.of((Object[]) a.getArray()) : v);
            }
            out.add(row);
        }
        return out;
    }

    @Test
    void resultsAreIdenticalToADirectConnection() throws Exception {
        String sql = "SELECT *, current_database(), current_user FROM items ORDER BY id";
        try (Connection direct = PG.connect(); Connection through = gateway.connect()) {
            assertThat(rows(through, sql)).isEqualTo(rows(direct, sql)).hasSize(100);
        }
    }

    @Test
    void serverPreparedStatementsPastThePrepareThresholdUseNamedStatements() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "3");
             PreparedStatement ps = c.prepareStatement("SELECT name, price FROM items WHERE id = ?")) {
            for (int i = 1; i <= 10; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("item " + i);
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(new BigDecimal(i).multiply(new BigDecimal("1.25")));
                }
            }
            assertThat(ps.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare()).isTrue();
            assertThat(rows(c, "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'S_%'").get(0).get(0))
                    .isEqualTo(1L);
        }
    }

    @Test
    void binaryTransferReturnsTheSameValues() throws Exception {
        String sql = "SELECT id, price, tags, data, uid, at FROM items WHERE id <= ? ORDER BY id";
        try (Connection text = PG.connect();
             Connection binary = gateway.connect("prepareThreshold", "-1", "binaryTransfer", "true")) {
            List<List<Object>> expected;
            try (PreparedStatement ps = text.prepareStatement(sql)) {
                ps.setInt(1, 50);
                try (ResultSet rs = ps.executeQuery()) {
                    expected = rows(rs);
                }
            }
            try (PreparedStatement ps = binary.prepareStatement(sql)) {
                ps.setInt(1, 50);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rows(rs)).isEqualTo(expected);
                }
            }
            try (PreparedStatement ps = binary.prepareStatement("SELECT ?::uuid, ?::timestamptz, ?::bytea")) {
                UUID uid = UUID.randomUUID();
                OffsetDateTime at = OffsetDateTime.parse("2024-06-01T12:30:00Z");
                ps.setObject(1, uid);
                ps.setObject(2, at);
                ps.setBytes(3, new byte[] {0, 1, 2, (byte) 255});
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getObject(1)).isEqualTo(uid);
                    assertThat(rs.getObject(2, OffsetDateTime.class)).isEqualTo(at);
                    assertThat(rs.getBytes(3)).containsExactly(0, 1, 2, 255);
                }
            }
        }
    }

    @Test
    void batchInsertsArriveWhole() throws Exception {
        try (Connection c = gateway.connect("reWriteBatchedInserts", "false")) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch VALUES (?, ?)")) {
                for (int i = 0; i < 2000; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "v" + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertThat(counts).hasSize(2000).containsOnly(1);
            }
            c.commit();
        }
        try (Connection c = gateway.connect("reWriteBatchedInserts", "true")) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch VALUES (?, ?)")) {
                for (int i = 2000; i < 3000; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "v" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            assertThat(rows(c, "SELECT count(*), count(DISTINCT v) FROM batch").get(0)).containsExactly(3000L, 3000L);
        }
    }

    @Test
    void transactionsAndSavepointsBehaveAsDirect() throws Exception {
        try (Connection c = gateway.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
                Savepoint sp = c.setSavepoint("before_overdraft");
                assertThatThrownBy(() -> s.executeUpdate("UPDATE accounts SET balance = balance - 500 WHERE id = 2"))
                        .isInstanceOf(PSQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23514");
                c.rollback(sp);
                s.executeUpdate("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE accounts SET balance = 0 WHERE id = 1");
            }
            c.rollback();
            assertThat(rows(c, "SELECT balance FROM accounts ORDER BY id")).containsExactly(List.of(90), List.of(10));
        }
    }

    @Test
    void errorsCarryTheServersSqlStateAndTheSessionGoesOn() throws Exception {
        try (Connection c = gateway.connect(); Statement s = c.createStatement()) {
            assertThat(sqlState(() -> s.execute("SELECT 1/0"))).isEqualTo("22012");
            assertThat(sqlState(() -> s.execute("SELEC 1"))).isEqualTo("42601");
            assertThat(sqlState(() -> s.execute("SELECT * FROM no_such_table"))).isEqualTo("42P01");
            assertThat(sqlState(() -> s.execute("INSERT INTO accounts VALUES (1, 1)"))).isEqualTo("23505");
            c.setAutoCommit(false);
            assertThat(sqlState(() -> s.execute("SELECT 1/0"))).isEqualTo("22012");
            assertThat(sqlState(() -> s.execute("SELECT 1"))).isEqualTo("25P02");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(rows(c, "SELECT 42").get(0).get(0)).isEqualTo(42);
        }
        try (Connection c = gateway.connect(); PreparedStatement ps = c.prepareStatement("SELECT 10 / ?")) {
            ps.setInt(1, 0);
            assertThat(sqlState(ps::executeQuery)).isEqualTo("22012");
            ps.setInt(1, 5);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    interface SqlCall {
        Object call() throws Exception;
    }

    static String sqlState(SqlCall call) {
        try {
            call.call();
        } catch (SQLException e) {
            return e.getSQLState();
        } catch (Exception e) {
            throw new AssertionError("expected an SQLException, got " + e, e);
        }
        throw new AssertionError("expected an SQLException");
    }

    @Test
    void listenNotifyDeliversNotificationsWithTheSendersPid() throws Exception {
        try (Connection listener = gateway.connect(); Connection sender = gateway.connect()) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN phasegate_events");
            }
            int senderPid = ((Number) rows(sender, "SELECT pg_backend_pid()").get(0).get(0)).intValue();
            try (Statement s = sender.createStatement()) {
                s.execute("NOTIFY phasegate_events, 'hello'");
                s.execute("SELECT pg_notify('phasegate_events', 'world')");
            }
            // The two notifications are two transactions: they may arrive in separate reads, and
            // getNotifications returns as soon as the first is there.
            List<PGNotification> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (received.size() < 2 && System.nanoTime() < deadline) {
                PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(500);
                if (batch != null) {
                    received.addAll(List.of(batch));
                }
            }
            assertThat(received).extracting(PGNotification::getParameter).containsExactly("hello", "world");
            assertThat(received.get(0).getPID()).isEqualTo(senderPid);
            assertThat(sender.unwrap(PGConnection.class).getBackendPID()).isEqualTo(senderPid);
        }
    }

    @Test
    void copyStreamsBothWays() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            data.append(i).append('\t').append("value ").append(i).append('\n');
        }
        try (Connection c = gateway.connect()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long in = copy.copyIn("COPY copied FROM STDIN", new StringReader(data.toString()));
            assertThat(in).isEqualTo(100_000);
            StringWriter out = new StringWriter();
            long outRows = copy.copyOut("COPY (SELECT * FROM copied ORDER BY id) TO STDOUT", out);
            assertThat(outRows).isEqualTo(100_000);
            assertThat(out.toString()).isEqualTo(data.toString());
            assertThat(sqlState(() -> copy.copyIn("COPY copied FROM STDIN", new StringReader("x\ty\n"))))
                    .isEqualTo("22P02");
            assertThat(rows(c, "SELECT count(*) FROM copied").get(0).get(0)).isEqualTo(100_000L);
        }
    }

    @Test
    void cancelStopsALongStatementOnTheRightBackend() throws Exception {
        try (Connection victim = gateway.connect(); Connection bystander = gateway.connect();
             Statement sleeping = victim.createStatement();
             Statement other = bystander.createStatement()) {
            other.execute("BEGIN");
            long start = System.nanoTime();
            CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> sqlState(
                    () -> sleeping.execute("SELECT pg_sleep(30)")));
            Thread.sleep(500);
            sleeping.cancel();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("57014");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            // The other session was not the one cancelled, and the victim is usable again.
            other.execute("SELECT 1");
            other.execute("COMMIT");
            assertThat(rows(victim, "SELECT 7").get(0).get(0)).isEqualTo(7);
        }
    }

    @Test
    void md5AndScramUsersAuthenticateThroughTheGateway() throws Exception {
        PG.server().admin("DROP ROLE IF EXISTS gw_md5", "DROP ROLE IF EXISTS gw_scram",
                "SET password_encryption = 'md5'", "CREATE ROLE gw_md5 LOGIN PASSWORD 'md5-secret'",
                "SET password_encryption = 'scram-sha-256'", "CREATE ROLE gw_scram LOGIN PASSWORD 'scram-secret'");
        try (Connection md5 = gateway.connectAs("gw_md5", "md5-secret");
             Connection scram = gateway.connectAs("gw_scram", "scram-secret")) {
            assertThat(rows(md5, "SELECT current_user").get(0).get(0)).isEqualTo("gw_md5");
            assertThat(rows(scram, "SELECT current_user").get(0).get(0)).isEqualTo("gw_scram");
        }
        assertThat(sqlState(() -> gateway.connectAs("gw_scram", "wrong"))).isEqualTo("28P01");
        assertThat(sqlState(() -> gateway.connectAs("gw_md5", "wrong"))).isEqualTo("28P01");
    }

    @Test
    void sslRequestIsDeclinedWithoutTlsAndPreferFallsBackToPlain() throws Exception {
        try (Connection c = gateway.connect("sslmode", "prefer")) {
            assertThat(rows(c, "SELECT 1").get(0).get(0)).isEqualTo(1);
        }
        assertThat(sqlState(() -> gateway.connect("sslmode", "require"))).isEqualTo("08004");
    }

    @Test
    void simpleQueryModeWorks() throws Exception {
        try (Connection c = gateway.connect("preferQueryMode", "simple");
             PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ? OR name = ?")) {
            ps.setInt(1, 3);
            ps.setString(2, "it's; -- not sql");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rows(rs)).containsExactly(List.of("item 3"));
            }
        }
    }

    @Test
    void twoHundredConcurrentSessionsAllWork() throws Exception {
        int sessions = 200;
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Connection> open = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Connection c = gateway.connect();
                    open.add(c);
                    try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + count(*)::int FROM items")) {
                        ps.setInt(1, n);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    }
                }));
            }
            for (int i = 0; i < sessions; i++) {
                assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(100 + i);
            }
            assertThat(open).hasSize(sessions);
            assertThat(gateway.gateway.sessions().size()).isGreaterThanOrEqualTo(sessions);
        } finally {
            for (Connection c : open) {
                c.close();
            }
            pool.shutdownNow();
        }
    }
}
