package dev.phasegate.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backfill of a 1,000,000-row table while an application keeps inserting and updating it the
 * way the gateway rewrites its writes in {@code write} (both columns set consistently): the
 * backfill finishes although the table keeps growing, verification then finds no mismatch, and
 * every application write is still there as written (a ledger of the last value written per row).
 */
class BackfillEndToEndIT {

    private static final int ROWS = 1_000_000;

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, email_lower text)",
            "INSERT INTO accounts SELECT g, 'User' || g || '@Example.COM', NULL FROM generate_series(1, " + ROWS + ") g",
            "VACUUM ANALYZE accounts");

    /** The application: dual-writes like the gateway would, and remembers what it wrote. */
    private static final class Writer implements Runnable {
        final Map<Long, String> ledger = new HashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile long inserts;
        volatile long updates;
        private long nextId = ROWS + 1;

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try (Connection c = PG.connect();
                 PreparedStatement insert = c.prepareStatement(
                         "INSERT INTO accounts (id, email, email_lower) VALUES (?, ?, lower(?))");
                 PreparedStatement update = c.prepareStatement(
                         "UPDATE accounts SET email = ?, email_lower = lower(?) WHERE id = ?")) {
                long n = 0;
                while (!stop.get()) {
                    n++;
                    if (random.nextBoolean()) {
                        long id = nextId++;
                        String email = "New" + id + "@Example.ORG";
                        insert.setLong(1, id);
                        insert.setString(2, email);
                        insert.setString(3, email);
                        insert.executeUpdate();
                        ledger.put(id, email);
                        inserts++;
                    } else {
                        long id = 1 + random.nextLong(nextId - 1);
                        String email = "Changed" + n + "." + id + "@Example.NET";
                        update.setString(1, email);
                        update.setString(2, email);
                        update.setLong(3, id);
                        assertThat(update.executeUpdate()).isEqualTo(1);
                        ledger.put(id, email);
                        updates++;
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    @Test
    void completesUnderConcurrentDualWritesWithoutLosingAnyAndVerifiesClean() throws Exception {
        BackfillConfig config = JobTesting.config(5000);
        HikariDataSource pool = JobTesting.pool(PG, config);
        JobTesting.Columns columns = new JobTesting.Columns();
        columns.put("public.accounts.email_lower", "text", "email", "lower(email)", null);
        ColumnId id = ColumnId.parse("public.accounts.email_lower");
        JobService jobs = new JobService(pool, config, columns, JobTesting.settings("gw-e2e"), LoadProbe.postgres());
        Writer writer = new Writer();
        Thread application = new Thread(writer, "application");
        try {
            application.start();
            JobTesting.await(() -> writer.inserts, n -> n >= 100 || writer.failure.get() != null,
                    Duration.ofSeconds(30));

            BackfillStatus started = jobs.startBackfill(id, BackfillRequest.defaults());
            assertThat(Long.parseLong(started.highKey().get(0))).isGreaterThan(ROWS);
            BackfillStatus midway = JobTesting.await(() -> jobs.backfillStatus(id, false),
                    s -> s.rowsDone() > ROWS / 2 || s.state().isFinal(), Duration.ofSeconds(120));
            assertThat(midway.rowsPerSecond()).isPositive();
            BackfillStatus done = JobTesting.awaitFinal(jobs, id, Duration.ofSeconds(180));
            assertThat(done.state()).as(done.message()).isEqualTo(JobState.DONE);
            long high = Long.parseLong(done.highKey().get(0));
            assertThat(done.rowsDone()).isEqualTo(high); // ids 1..high, none deleted
            assertThat(done.rowsUpdated()).isLessThanOrEqualTo(done.rowsDone()).isGreaterThan(ROWS - 100_000);

            VerificationStatus verified = jobs.startVerification(id, new VerifyRequest(10_000, 1L, null, true));
            assertThat(verified.state()).isEqualTo(JobState.DONE);
            assertThat(verified.mismatches()).as(verified.message()).isZero();
            assertThat(verified.rowsChecked()).isGreaterThanOrEqualTo(high);
        } finally {
            writer.stop.set(true);
            application.join(30_000);
            jobs.close();
            pool.close();
        }
        assertThat(writer.failure.get()).isNull();
        assertThat(writer.inserts).isPositive();
        assertThat(writer.updates).isPositive();

        try (Connection c = PG.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM accounts WHERE email_lower IS DISTINCT FROM "
                    + "lower(email)")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM accounts")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(ROWS + writer.inserts);
            }
            Map<Long, String> stored = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT id, email FROM accounts WHERE email NOT LIKE 'User%'")) {
                while (rs.next()) {
                    stored.put(rs.getLong(1), rs.getString(2));
                }
            }
            assertThat(stored).as("every application write survives, none overwritten").isEqualTo(writer.ledger);
        }
    }
}
