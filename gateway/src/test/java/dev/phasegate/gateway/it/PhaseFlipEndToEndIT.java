package dev.phasegate.gateway.it;

import static dev.phasegate.gateway.it.Eventually.assertThatEventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.admin.audit.AuditQuery;
import dev.phasegate.admin.audit.AuditRecord;
import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The main test. An unchanged JDBC application — a HikariCP pool, PgJDBC server-prepared
 * statements ({@code prepareThreshold=1}), 8 threads of mixed reads and writes on {@code users} —
 * runs through the gateway while the test moves {@code email_normalized} ({@code up: lower(email)},
 * {@code down: email_normalized}) through every phase over the admin API, with a real backfill and
 * verification between: hidden → write → (backfill) → shadow → (verify) → read → contract →
 * complete. For each phase it checks what the application saw, what the table holds, that no
 * application statement failed (PgJDBC heals the one-time 0A000 itself; the application would
 * retry once), and that the audit holds exactly one record per statement that touched the column.
 */
class PhaseFlipEndToEndIT {

    private static final String ID = "public.users.email_normalized";
    private static final int SEEDED = 2000;
    private static final int THREADS = 8;
    private static final Duration PHASE_TIME = Duration.ofMillis(1500);

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            // email is nullable: in contract the source is virtual and writes no longer fill it.
            "CREATE TABLE users (id bigint PRIMARY KEY, email text, name text NOT NULL, email_normalized text)",
            "INSERT INTO users SELECT g, 'User' || g || '@Example.COM', 'seed', NULL FROM generate_series(1, "
                    + SEEDED + ") g");

    /** What one application operation saw, under which phase (when no flip overlapped it). */
    record Observation(String phase, String kind, List<String> columns, String email, String normalized) {
    }

    /** The application: knows nothing of Phasegate. Records what it sees; the test judges. */
    static final class Application implements Runnable {
        final HikariDataSource pool;
        final int thread;
        final AtomicBoolean stop = new AtomicBoolean();
        final ConcurrentLinkedQueue<Observation> seen;
        final Phases phases;
        final AtomicLong statements;
        final List<Throwable> failures;
        final AtomicLong retries;
        private long nextId;

        Application(HikariDataSource pool, int thread, Phases phases, ConcurrentLinkedQueue<Observation> seen,
                    AtomicLong statements, AtomicLong retries, List<Throwable> failures) {
            this.pool = pool;
            this.thread = thread;
            this.phases = phases;
            this.seen = seen;
            this.statements = statements;
            this.retries = retries;
            this.failures = failures;
            this.nextId = 1_000_000L * (thread + 1);
        }

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                int op = random.nextInt(4);
                try {
                    long epoch = phases.epoch();
                    Observation o = retryOnce(() -> operate(op, random));
                    String phase = phases.stableSince(epoch);
                    if (phase != null && o != null) {
                        seen.add(new Observation(phase, o.kind(), o.columns(), o.email(), o.normalized()));
                    }
                } catch (SQLException e) {
                    failures.add(e);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }

        interface Op {
            Observation run() throws SQLException;
        }

        /** The application's documented retry: once, on PostgreSQL's "cached plan must not change result type". */
        private Observation retryOnce(Op op) throws SQLException {
            try {
                return op.run();
            } catch (SQLException e) {
                if ("0A000".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("cached plan")) {
                    retries.incrementAndGet();
                    statements.decrementAndGet(); // refused at Bind: it never ran, and is not audited
                    return op.run();
                }
                throw e;
            }
        }

        private Observation operate(int op, ThreadLocalRandom random) throws SQLException {
            try (Connection c = pool.getConnection()) {
                String phase = phases.name();
                switch (op) {
                    case 0 -> {
                        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM users WHERE id = ?")) {
                            ps.setLong(1, 1 + random.nextInt(SEEDED));
                            statements.incrementAndGet();
                            try (ResultSet rs = ps.executeQuery()) {
                                List<String> columns = columns(rs);
                                rs.next();
                                return new Observation(null, "star", columns, null, null);
                            }
                        }
                    }
                    case 1 -> {
                        try (PreparedStatement ps = c.prepareStatement(
                                "SELECT id, email, email_normalized FROM users WHERE id = ?")) {
                            ps.setLong(1, 1 + random.nextInt(SEEDED));
                            statements.incrementAndGet();
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                return new Observation(null, "named", List.of(), rs.getString(2), rs.getString(3));
                            }
                        }
                    }
                    case 2 -> {
                        try (PreparedStatement ps = c.prepareStatement(
                                "INSERT INTO users (id, email, name) VALUES (?, ?, ?)")) {
                            long id = nextId++;
                            ps.setLong(1, id);
                            ps.setString(2, "Inserted" + id + "@Example.ORG");
                            ps.setString(3, phase);
                            statements.incrementAndGet();
                            ps.executeUpdate();
                            return new Observation(null, "insert", List.of(), null, null);
                        }
                    }
                    default -> {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET email = ? WHERE id = ?")) {
                            long id = 1 + random.nextInt(SEEDED);
                            ps.setString(1, "Changed" + random.nextInt(1_000_000) + "." + id + "@Example.NET");
                            ps.setLong(2, id);
                            statements.incrementAndGet();
                            ps.executeUpdate();
                            return new Observation(null, "update", List.of(), null, null);
                        }
                    }
                }
            }
        }
    }

    /** The phase the test has put in force; odd epochs mean a flip is in progress. */
    static final class Phases {
        private final AtomicLong epoch = new AtomicLong();
        private final Map<Long, String> byEpoch = new ConcurrentHashMap<>();
        private volatile String name = "hidden";

        Phases() {
            byEpoch.put(0L, "hidden");
        }

        long epoch() {
            return epoch.get();
        }

        String name() {
            return name;
        }

        /** The phase in force for the whole of an operation that started at {@code started}, or null. */
        String stableSince(long started) {
            long now = epoch.get();
            return now == started && now % 2 == 0 ? byEpoch.get(now) : null;
        }

        void flip(AdminClient admin, String phase, boolean force, String reason) {
            epoch.incrementAndGet();
            try {
                admin.changePhase(ID, phase, reason, force);
            } finally {
                long e = epoch.incrementAndGet();
                byEpoch.put(e, phase);
                name = phase;
            }
        }
    }

    static List<String> columns(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnName(i));
        }
        return names;
    }

    private static long count(String where) throws SQLException {
        try (Connection c = PG.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM users WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Lets the application work under {@code phase} for a while: at least PHASE_TIME and some of every kind. */
    private static void runUnder(String phase, ConcurrentLinkedQueue<Observation> seen) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while (true) {
            Map<String, Integer> kinds = new ConcurrentHashMap<>();
            for (Observation o : seen) {
                if (o.phase().equals(phase)) {
                    kinds.merge(o.kind(), 1, Integer::sum);
                }
            }
            boolean enough = kinds.getOrDefault("star", 0) >= 10 && kinds.getOrDefault("named", 0) >= 10
                    && kinds.getOrDefault("insert", 0) >= 5 && kinds.getOrDefault("update", 0) >= 5;
            if (enough && System.nanoTime() - start >= PHASE_TIME.toNanos()) {
                System.out.println("Application under " + phase + " for " + (System.nanoTime() - start) / 1_000_000
                        + " ms: " + kinds);
                return;
            }
            assertThat(System.nanoTime()).as("the application made too little progress in %s: %s", phase, kinds)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static JsonNode awaitJob(AdminClient admin, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            JsonNode status = admin.get("/api/v1/columns/" + AdminClient.segment(ID) + path);
            String state = status.path("state").asText().toLowerCase(Locale.ROOT);
            if (!state.equals("running") && !state.equals("paused")) {
                return status;
            }
            assertThat(System.nanoTime()).as("job %s still running: %s", path, status).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void anUnchangedApplicationFollowsEveryPhaseWithoutFailing() throws Exception {
        String yaml = """
                audit:
                  ringSize: 2000000
                guardRails:
                  shadowWindow: 1s
                  shadowMinReads: 5
                  auditWindow: 1s
                columns:
                  - id: %s
                    type: text
                    source: email
                    up: lower(email)
                    down: email_normalized
                """.formatted(ID);
        ConcurrentLinkedQueue<Observation> seen = new ConcurrentLinkedQueue<>();
        AtomicLong statements = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Phases phases = new Phases();
        Instant started = Instant.now();
        try (TestRuntime gateway = TestRuntime.start(PG, "gw-e2e", yaml)) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(gateway.jdbcUrl());
            hc.setUsername(PG.user());
            hc.setPassword(PG.password());
            hc.setMaximumPoolSize(THREADS);
            hc.addDataSourceProperty("prepareThreshold", "1");
            hc.addDataSourceProperty("ApplicationName", "e2e-app");
            List<Application> apps = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            try (HikariDataSource pool = new HikariDataSource(hc)) {
                for (int i = 0; i < THREADS; i++) {
                    Application app = new Application(pool, i, phases, seen, statements, retries, failures);
                    apps.add(app);
                    Thread t = new Thread(app, "app-" + i);
                    threads.add(t);
                    t.start();
                }
                try {
                    AdminClient admin = gateway.admin;
                    runUnder("hidden", seen);
                    // hidden: nothing fills the new column.
                    assertThat(count("name = 'hidden' AND email_normalized IS NOT NULL")).isZero();
                    assertThat(count("name = 'hidden'")).isPositive();

                    phases.flip(admin, "write", false, "dual writes on");
                    runUnder("write", seen);
                    assertThat(count("name = 'write'")).isPositive();
                    assertThat(count("name = 'write' AND email_normalized IS DISTINCT FROM lower(email)")).isZero();

                    JsonNode backfill = admin.send("POST", "/api/v1/columns/" + AdminClient.segment(ID) + "/backfill",
                            JsonNodeFactory.instance.objectNode().put("batchSize", 500));
                    assertThat(backfill.path("state").asText()).isNotEmpty();
                    JsonNode backfilled = awaitJob(admin, "/backfill");
                    assertThat(backfilled.path("state").asText().toLowerCase(Locale.ROOT)).as(backfilled.toString())
                            .isEqualTo("done");
                    assertThat(count("email_normalized IS DISTINCT FROM lower(email)")).isZero();

                    phases.flip(admin, "shadow", false, "backfill done");
                    runUnder("shadow", seen);
                    assertThat(count("name = 'shadow' AND email_normalized IS DISTINCT FROM lower(email)")).isZero();

                    admin.send("POST", "/api/v1/columns/" + AdminClient.segment(ID) + "/verify",
                            JsonNodeFactory.instance.objectNode());
                    JsonNode verified = awaitJob(admin, "/verify");
                    assertThat(verified.path("state").asText().toLowerCase(Locale.ROOT)).as(verified.toString())
                            .isEqualTo("done");
                    assertThat(verified.path("mismatches").asLong()).as(verified.toString()).isZero();

                    phases.flip(admin, "read", false, "verified clean");
                    runUnder("read", seen);
                    assertThat(count("name = 'read' AND email_normalized IS DISTINCT FROM lower(email)")).isZero();

                    phases.flip(admin, "contract", false, "reads switched");
                    runUnder("contract", seen);
                    // Inserts naming only email now fill the new column through up; the virtual source stays empty.
                    assertThat(count("name = 'contract'")).isPositive();
                    assertThat(count("name = 'contract' AND (email IS NOT NULL OR email_normalized IS NULL)")).isZero();
                } finally {
                    for (Application app : apps) {
                        app.stop.set(true);
                    }
                    for (Thread t : threads) {
                        t.join(30_000);
                    }
                }
                assertThat(failures).as("application failures").isEmpty();

                // One audit record per statement that touched the column (every statement of this application).
                long issued = statements.get();
                assertThat(issued).isGreaterThan(200);
                ColumnId column = ColumnId.parse(ID);
                assertThatEventually(Duration.ofSeconds(20), () -> assertThat(dataPathRecords(gateway, column, started))
                        .hasSize((int) issued));

                // complete: the gateway lets go (the application still names email: forced, with a reason).
                phases.flip(gateway.admin, "complete", true, "application moved to email_normalized (test)");
                int before = dataPathRecords(gateway, column, started).size();
                Application last = new Application(pool, THREADS, phases, seen, new AtomicLong(), retries, failures);
                Thread t = new Thread(last, "app-complete");
                t.start();
                try {
                    runUnder("complete", seen);
                } finally {
                    last.stop.set(true);
                }
                t.join(30_000);
                assertThat(failures).isEmpty();
                Thread.sleep(300);
                assertThat(dataPathRecords(gateway, column, started)).hasSize(before);
            }
        }

        // What the application saw, phase by phase.
        Map<String, List<Observation>> byPhase = new java.util.TreeMap<>();
        for (Observation o : seen) {
            byPhase.computeIfAbsent(o.phase() + "/" + o.kind(), k -> new ArrayList<>()).add(o);
        }
        Map<String, Integer> sizes = new java.util.TreeMap<>();
        byPhase.forEach((k, v) -> sizes.put(k, v.size()));
        System.out.println("Observations by phase: " + sizes + "; statements " + statements.get() + ", retries "
                + retries.get());
        for (String phase : List.of("hidden", "write", "shadow", "read", "contract", "complete")) {
            assertThat(byPhase.get(phase + "/star")).as("reads of * in %s", phase).isNotEmpty();
            assertThat(byPhase.get(phase + "/named")).as("named reads in %s", phase).isNotEmpty();
        }
        for (String phase : List.of("hidden", "write", "shadow")) {
            assertThat(byPhase.get(phase + "/star")).allSatisfy(o ->
                    assertThat(o.columns()).containsExactly("id", "email", "name"));
            assertThat(byPhase.get(phase + "/named")).allSatisfy(o -> {
                assertThat(o.normalized()).as("the default, in %s", phase).isNull();
                assertThat(o.email()).isNotNull();
            });
        }
        assertThat(byPhase.get("read/star")).allSatisfy(o ->
                assertThat(o.columns()).containsExactly("id", "email", "name", "email_normalized"));
        assertThat(byPhase.get("read/named")).allSatisfy(o ->
                assertThat(o.normalized()).isEqualTo(o.email().toLowerCase(Locale.ROOT)));
        assertThat(byPhase.get("contract/star")).allSatisfy(o ->
                assertThat(o.columns()).containsExactly("id", "name", "email_normalized"));
        assertThat(byPhase.get("contract/named")).allSatisfy(o -> {
            assertThat(o.email()).as("email reads return down(new)").isEqualTo(o.normalized());
            assertThat(o.normalized()).isNotNull();
        });
        assertThat(byPhase.get("complete/star")).allSatisfy(o ->
                assertThat(o.columns()).containsExactly("id", "email", "name", "email_normalized"));
    }

    private static List<AuditRecord> dataPathRecords(TestRuntime gateway, ColumnId column, Instant since) {
        return gateway.runtime.controlPlane().audit().query(new AuditQuery(column, null, since, 2_000_000)).stream()
                .filter(r -> r.action().dataPath())
                .toList();
    }
}
