package dev.phasegate.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway running a backfill is killed with SIGKILL halfway; the backfill resumes from the last
 * key it committed and never updates a row twice (a trigger counts every UPDATE of every row).
 */
class BackfillResumeIT {

    private static final int ROWS = 200_000;
    private static final String COLUMN = "public.items.name_lower";

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE items (id int PRIMARY KEY, name text, name_lower text, updates int NOT NULL DEFAULT 0)",
            "INSERT INTO items SELECT g, 'Item ' || g, NULL FROM generate_series(1, " + ROWS + ") g",
            "CREATE FUNCTION count_updates() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN NEW.updates := OLD.updates + 1; RETURN NEW; END $$",
            "CREATE TRIGGER items_count_updates BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION count_updates()");

    private static long scalar(String sql) throws SQLException {
        try (Connection c = PG.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aBackfillKilledHalfwayResumesFromItsLastCommittedKey() throws Exception {
        BackfillConfig config = JobTesting.config(2000);
        HikariDataSource pool = JobTesting.pool(PG, config);
        Path log = Files.createTempFile("backfill-child", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                BackfillChild.class.getName(), PG.jdbcUrl(), PG.user(), PG.password().isEmpty() ? "-" : PG.password(),
                COLUMN, "text", "name", "lower(name)", "2000", "40000", "2000")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long done = 0;
            while (done <= ROWS / 5) {
                assertThat(child.isAlive()).as("the child runs (its log: %s)", log).isTrue();
                assertThat(System.nanoTime()).as("the child makes progress (its log: %s)", log).isLessThan(deadline);
                Thread.sleep(20);
                done = tableExists() ? scalar("SELECT coalesce(max(rows_done), 0) FROM phasegate.backfill_run") : 0;
            }
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no cleanup
        } finally {
            child.destroyForcibly();
        }

        long runId = scalar("SELECT id FROM phasegate.backfill_run");
        long rowsDone = scalar("SELECT rows_done FROM phasegate.backfill_run");
        long lastKey = scalar("SELECT last_key[1]::int FROM phasegate.backfill_run");
        assertThat(rowsDone).isBetween((long) ROWS / 5, (long) ROWS - 1);
        assertThat(scalar("SELECT count(*) FROM items WHERE updates = 1")).as("every committed batch, no more")
                .isEqualTo(rowsDone).isEqualTo(lastKey);
        assertThat(scalar("SELECT count(*) FROM items WHERE updates = 1 AND id > " + lastKey)).isZero();

        JobTesting.Columns columns = new JobTesting.Columns();
        columns.put(COLUMN, "text", "name", "lower(name)", null);
        JobService jobs = new JobService(pool, config, columns, JobTesting.settings("gw-survivor"),
                LoadProbe.postgres());
        try {
            ColumnId id = ColumnId.parse(COLUMN);
            BackfillStatus interrupted = jobs.backfillStatus(id, false);
            if (scalar("SELECT count(*) FROM phasegate.job_lease WHERE expires_at > clock_timestamp() + interval '500 milliseconds'") > 0) {
                assertThatThrownBy(() -> jobs.startBackfill(id, BackfillRequest.defaults()))
                        .as("the dead gateway's lease is still live")
                        .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(409));
            }
            assertThat(interrupted.lastKey()).containsExactly(Long.toString(lastKey));

            BackfillStatus resumed = JobTesting.await(() -> {
                try {
                    return jobs.startBackfill(id, BackfillRequest.defaults());
                } catch (JobException e) {
                    return null; // lease not expired yet
                }
            }, s -> s != null, Duration.ofSeconds(30));
            assertThat(resumed.runId()).isEqualTo(runId);
            assertThat(resumed.lastKey()).containsExactly(Long.toString(lastKey));
            assertThat(resumed.owner()).startsWith("gw-survivor/");

            BackfillStatus finished = JobTesting.awaitFinal(jobs, id, Duration.ofSeconds(120));
            assertThat(finished.state()).isEqualTo(JobState.DONE);
            assertThat(finished.rowsDone()).isEqualTo(ROWS);
            assertThat(finished.rowsUpdated()).isEqualTo(ROWS);
        } finally {
            jobs.close();
            pool.close();
        }
        assertThat(scalar("SELECT count(*) FROM items WHERE updates <> 1")).as("no row updated twice or missed")
                .isZero();
        assertThat(scalar("SELECT count(*) FROM items WHERE name_lower IS DISTINCT FROM lower(name)")).isZero();
        Files.deleteIfExists(log);
    }

    private static boolean tableExists() throws SQLException {
        return scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'phasegate' AND tablename = 'backfill_run'") > 0;
    }
}
