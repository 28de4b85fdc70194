package dev.phasegate.admin.jobs;

import static dev.phasegate.admin.jobs.JobTesting.awaitFinal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.TableName;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackfillJobIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final BackfillConfig CONFIG = JobTesting.config(500);
    private static HikariDataSource pool;
    private static final JobTesting.Columns COLUMNS = new JobTesting.Columns();
    private static JobService jobs;

    @BeforeAll
    static void start() {
        pool = JobTesting.pool(PG, CONFIG);
        jobs = new JobService(pool, CONFIG, COLUMNS, JobTesting.settings("gw-a"), LoadProbe.postgres());
    }

    @AfterAll
    static void stop() {
        jobs.close();
        pool.close();
    }

    /** A table {@code name(id int PK, email text, email_lower text)} with {@code rows} rows and the column managed. */
    private static ColumnId usersTable(String name, int rows) {
        PG.execute("CREATE TABLE " + name + " (id int PRIMARY KEY, email text, email_lower text)",
                "INSERT INTO " + name + " SELECT g, 'User' || g || '@Example.COM', NULL FROM generate_series(1, " + rows
                        + ") g");
        COLUMNS.put("public." + name + ".email_lower", "text", "email", "lower(email)", null);
        return ColumnId.parse("public." + name + ".email_lower");
    }

    private static long scalar(String sql) throws SQLException {
        try (Connection c = PG.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long mismatches(String table) throws SQLException {
        return scalar("SELECT count(*) FROM " + table + " WHERE email_lower IS DISTINCT FROM lower(email)");
    }

    @Test
    void fillsEveryRowAndASecondRunChangesNothing() throws Exception {
        ColumnId id = usersTable("fill", 10_000);
        BackfillStatus started = jobs.startBackfill(id, BackfillRequest.defaults());
        assertThat(started.state()).isEqualTo(JobState.RUNNING);
        assertThat(started.highKey()).containsExactly("10000");
        assertThat(started.keyOrigin()).isEqualTo("primary key fill_pkey");

        BackfillStatus done = awaitFinal(jobs, id, Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.rowsDone()).isEqualTo(10_000);
        assertThat(done.rowsUpdated()).isEqualTo(10_000);
        assertThat(done.rowsLeft()).isZero();
        assertThat(done.lastKey()).containsExactly("10000");
        assertThat(done.finishedAt()).isNotNull();
        assertThat(mismatches("fill")).isZero();

        BackfillStatus again = jobs.startBackfill(id, BackfillRequest.defaults());
        assertThat(again.runId()).isNotEqualTo(done.runId());
        BackfillStatus second = awaitFinal(jobs, id, Duration.ofSeconds(60));
        assertThat(second.state()).isEqualTo(JobState.DONE);
        assertThat(second.rowsDone()).isEqualTo(10_000);
        assertThat(second.rowsUpdated()).as("an idempotent second run updates nothing").isZero();
    }

    @Test
    void walksACompositeKeyInKeyOrder() throws Exception {
        PG.execute("CREATE TABLE tenants_users (tenant int, id int, email text, email_lower text, "
                        + "PRIMARY KEY (tenant, id))",
                "INSERT INTO tenants_users SELECT t, i, 'A' || t || '.' || i, NULL "
                        + "FROM generate_series(1, 7) t, generate_series(1, 900) i");
        COLUMNS.put("public.tenants_users.email_lower", "text", "email", "lower(email)", null);
        ColumnId id = ColumnId.parse("public.tenants_users.email_lower");

        jobs.startBackfill(id, new BackfillRequest(250, null, null, null, null, null));
        BackfillStatus done = awaitFinal(jobs, id, Duration.ofSeconds(60));

        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.keyColumns()).containsExactly("tenant", "id");
        assertThat(done.highKey()).containsExactly("7", "900");
        assertThat(done.rowsDone()).isEqualTo(6300);
        assertThat(mismatches("tenants_users")).isZero();
    }

    @Test
    void aTableWithoutPrimaryKeyIsRefusedUnlessAUniqueKeyIsDeclared() throws Exception {
        PG.execute("CREATE TABLE nokey (code text NOT NULL, email text, email_lower text)",
                "CREATE UNIQUE INDEX nokey_code ON nokey (code)",
                "INSERT INTO nokey SELECT 'c' || g, 'X' || g, NULL FROM generate_series(1, 1000) g");
        COLUMNS.put("public.nokey.email_lower", "text", "email", "lower(email)", null);
        ColumnId id = ColumnId.parse("public.nokey.email_lower");

        assertThatThrownBy(() -> jobs.startBackfill(id, BackfillRequest.defaults()))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageContaining("public.nokey has no primary key")
                .hasMessageContaining("declare one with keyColumns, e.g. one of: nokey_code [code]");

        jobs.startBackfill(id, new BackfillRequest(100, null, null, null, List.of("code"), null));
        BackfillStatus done = awaitFinal(jobs, id, Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.keyOrigin()).isEqualTo("unique index nokey_code");
        assertThat(mismatches("nokey")).isZero();
    }

    @Test
    void whereRestrictsTheRowsUpdated() throws Exception {
        ColumnId id = usersTable("filtered", 2000);
        jobs.startBackfill(id, new BackfillRequest(null, null, "id % 2 = 0", null, null, null));
        BackfillStatus done = awaitFinal(jobs, id, Duration.ofSeconds(60));

        assertThat(done.where()).isEqualTo("id % 2 = 0");
        assertThat(done.rowsUpdated()).isEqualTo(1000);
        assertThat(scalar("SELECT count(*) FROM filtered WHERE email_lower IS NULL AND id % 2 = 1")).isEqualTo(1000);
    }

    @Test
    void aWhereThatIsNotOneExpressionIsRejected() {
        ColumnId id = usersTable("badwhere", 10);
        assertThatThrownBy(() -> jobs.startBackfill(id, new BackfillRequest(null, null, "true; DROP TABLE badwhere",
                null, null, null)))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("without ';'");
        assertThatThrownBy(() -> jobs.startBackfill(id, new BackfillRequest(null, null, "id = 1) OR (true",
                null, null, null)))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("closes a bracket");
        assertThatThrownBy(() -> jobs.startBackfill(id, new BackfillRequest(null, null, "nosuch = 1",
                null, null, null)))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageContaining("does not plan").hasMessageContaining("nosuch");
    }

    @Test
    void aSecondJobForTheColumnIsRefusedWhileTheFirstHoldsTheLease() throws Exception {
        ColumnId id = usersTable("leased", 3000);
        JobService otherGateway = new JobService(pool, CONFIG, COLUMNS, JobTesting.settings("gw-b"),
                LoadProbe.postgres());
        try {
            jobs.startBackfill(id, new BackfillRequest(100, 1000, null, null, null, null));
            assertThatThrownBy(() -> otherGateway.startBackfill(id, BackfillRequest.defaults()))
                    .isInstanceOfSatisfying(JobException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.code()).isEqualTo("job_conflict");
                    })
                    .hasMessageContaining("a backfill of public.leased.email_lower is already running by gw-a/")
                    .hasMessageContaining("only one runs per column across all gateways");
            jobs.cancelBackfill(id);
        } finally {
            otherGateway.close();
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverAndALiveForeignOneIsNot() throws Exception {
        ColumnId id = usersTable("expired", 1000);
        PG.execute("INSERT INTO phasegate.job_lease (column_id, kind, owner, acquired_at, expires_at) "
                + "VALUES ('" + id + "', 'backfill', 'gw-dead/1', now() - interval '1 minute', now() + interval '1 hour')");
        assertThatThrownBy(() -> jobs.startBackfill(id, BackfillRequest.defaults()))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("by gw-dead/1");

        PG.execute("UPDATE phasegate.job_lease SET expires_at = now() - interval '1 second' WHERE column_id = '" + id + "'");
        BackfillStatus started = jobs.startBackfill(id, BackfillRequest.defaults());
        assertThat(started.owner()).startsWith("gw-a/");
        assertThat(awaitFinal(jobs, id, Duration.ofSeconds(60)).state()).isEqualTo(JobState.DONE);
        assertThat(mismatches("expired")).isZero();
    }

    @Test
    void aRunnerWhoseLeaseWasTakenStopsWithoutWritingAgain() throws Exception {
        ColumnId id = usersTable("fenced", 5000);
        jobs.startBackfill(id, new BackfillRequest(100, 2000, null, null, null, null));
        JobTesting.await(() -> jobs.backfillStatus(id, false), s -> s.rowsDone() >= 300, Duration.ofSeconds(30));

        PG.execute("UPDATE phasegate.job_lease SET owner = 'gw-thief/1' WHERE column_id = '" + id + "'");
        Thread.sleep(300); // the runner's next renewal finds the thief and rolls its batch back
        long updated = scalar("SELECT count(*) FROM fenced WHERE email_lower IS NOT NULL");
        Thread.sleep(500);
        assertThat(scalar("SELECT count(*) FROM fenced WHERE email_lower IS NOT NULL")).isEqualTo(updated);
        BackfillStatus status = jobs.backfillStatus(id, false);
        assertThat(status.rowsUpdated()).isEqualTo(updated);
        assertThat(status.state()).isEqualTo(JobState.PAUSED);
        assertThat(status.pauseReason()).startsWith("interrupted: its runner gw-a/");

        PG.execute("DELETE FROM phasegate.job_lease WHERE owner = 'gw-thief/1'");
        jobs.startBackfill(id, BackfillRequest.defaults());
        assertThat(awaitFinal(jobs, id, Duration.ofSeconds(60)).rowsUpdated()).isEqualTo(5000);
    }

    @Test
    void maxRowsPerSecondIsRespected() throws Exception {
        ColumnId id = usersTable("throttled", 6000);
        long start = System.nanoTime();
        jobs.startBackfill(id, new BackfillRequest(500, 3000, null, null, null, null));
        BackfillStatus done = awaitFinal(jobs, id, Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = 6000 / seconds;

        assertThat(done.state()).isEqualTo(JobState.DONE);
        // A bucket of one batch: the first batch is free, so the floor is (6000 - 500) / 3000 s.
        assertThat(seconds).isGreaterThanOrEqualTo(5500 / 3000.0 * 0.95);
        assertThat(rate).isBetween(3000 * 0.3, 3000 * 1.15);
    }

    @Test
    void cancelStopsTheRunAndTheNextStartResumesIt() throws Exception {
        ColumnId id = usersTable("cancelled", 5000);
        BackfillStatus started = jobs.startBackfill(id, new BackfillRequest(100, 2000, null, null, null, null));
        JobTesting.await(() -> jobs.backfillStatus(id, false), s -> s.rowsDone() >= 500, Duration.ofSeconds(30));

        BackfillStatus cancelled = jobs.cancelBackfill(id);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.rowsDone()).isBetween(500L, 4900L);
        assertThat(cancelled.message()).contains("cancelled").contains("resumes from the last key");
        assertThatThrownBy(() -> jobs.cancelBackfill(id))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("no backfill of public.cancelled.email_lower is running");
        long filledAtCancel = scalar("SELECT count(*) FROM cancelled WHERE email_lower IS NOT NULL");
        assertThat(filledAtCancel).isEqualTo(cancelled.rowsUpdated());

        BackfillStatus resumed = jobs.startBackfill(id, BackfillRequest.defaults());
        assertThat(resumed.runId()).isEqualTo(started.runId());
        assertThat(resumed.lastKey()).isEqualTo(cancelled.lastKey());
        BackfillStatus done = awaitFinal(jobs, id, Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.rowsDone()).isEqualTo(5000);
        assertThat(done.rowsUpdated()).isEqualTo(5000);
        assertThat(mismatches("cancelled")).isZero();
    }

    @Test
    void pausesWhileReplicationLagExceedsTheBoundAndSaysSo() throws Exception {
        ColumnId id = usersTable("lagging", 2000);
        AtomicReference<Duration> lag = new AtomicReference<>(Duration.ofSeconds(42));
        LoadProbe real = LoadProbe.postgres();
        LoadProbe lagging = new LoadProbe() {
            @Override
            public Duration replicationLag(Connection c) {
                return lag.get();
            }

            @Override
            public Optional<LockWait> longestLockWait(Connection c, TableName table) throws SQLException {
                return real.longestLockWait(c, table);
            }
        };
        JobService withLag = new JobService(pool, CONFIG, COLUMNS, JobTesting.settings("gw-lag"), lagging);
        try {
            withLag.startBackfill(id, BackfillRequest.defaults());
            BackfillStatus paused = JobTesting.await(() -> withLag.backfillStatus(id, false),
                    s -> s.state() == JobState.PAUSED, Duration.ofSeconds(30));
            assertThat(paused.pauseReason()).isEqualTo("replication lag: a standby replays 42s behind "
                    + "(maxReplicationLag 10s)");
            assertThat(paused.rowsDone()).isZero();
            Thread.sleep(300);
            assertThat(withLag.backfillStatus(id, false).state()).isEqualTo(JobState.PAUSED);

            lag.set(Duration.ZERO);
            BackfillStatus done = awaitFinal(withLag, id, Duration.ofSeconds(60));
            assertThat(done.state()).isEqualTo(JobState.DONE);
            assertThat(done.pauseReason()).isNull();
        } finally {
            withLag.close();
        }
    }

    @Test
    void pausesWhileAnotherSessionWaitsForALockOnTheTable() throws Exception {
        ColumnId id = usersTable("contended", 2000);
        BackfillConfig strict = new BackfillConfig(500, 0, Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofMillis(300), 4, 20);
        JobService careful = new JobService(pool, strict, COLUMNS, JobTesting.settings("gw-lock"), LoadProbe.postgres());
        try (Connection holder = PG.connect(); Connection waiter = PG.connect()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("UPDATE contended SET email = email WHERE id = 1500");
            }
            Thread blocked = new Thread(() -> {
                try (Statement s = waiter.createStatement()) {
                    s.execute("UPDATE contended SET email = 'late' || email, email_lower = lower('late' || email) "
                            + "WHERE id = 1500");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            blocked.start();
            JobTesting.await(() -> {
                try {
                    return scalar("SELECT count(*) FROM pg_locks WHERE NOT granted "
                            + "AND waitstart < clock_timestamp() - interval '400 milliseconds'");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, n -> n > 0, Duration.ofSeconds(30)); // the waiter has now waited longer than maxLockWait

            careful.startBackfill(id, BackfillRequest.defaults());
            BackfillStatus paused = JobTesting.await(() -> careful.backfillStatus(id, false),
                    s -> s.state() == JobState.PAUSED, Duration.ofSeconds(30));
            assertThat(paused.pauseReason()).startsWith("lock waits: backend ")
                    .contains("for a transactionid lock while working on public.contended (maxLockWait 300ms)");

            holder.commit();
            blocked.join(10_000);
            BackfillStatus done = awaitFinal(careful, id, Duration.ofSeconds(60));
            assertThat(done.state()).isEqualTo(JobState.DONE);
        } finally {
            careful.close();
        }
        assertThat(mismatches("contended")).isZero();
        assertThat(scalar("SELECT count(*) FROM contended WHERE email LIKE 'late%'")).isEqualTo(1);
    }

    @Test
    void reverseBackfillSetsTheSourceFromDown() throws Exception {
        PG.execute("CREATE TABLE prices (id int PRIMARY KEY, price_text text, price numeric(12,2))",
                "INSERT INTO prices SELECT g, NULL, g * 1.25 FROM generate_series(1, 3000) g");
        COLUMNS.put("public.prices.price", "numeric(12,2)", "price_text", null, "price::text");
        ColumnId id = ColumnId.parse("public.prices.price");

        BackfillStatus started = jobs.startBackfill(id, BackfillRequest.reverseDefaults());
        assertThat(started.direction()).isEqualTo(Direction.REVERSE);
        BackfillStatus done = JobTesting.await(() -> jobs.backfillStatus(id, true), s -> s.state().isFinal(),
                Duration.ofSeconds(60));

        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.rowsUpdated()).isEqualTo(3000);
        assertThat(done.message()).startsWith("reverse backfill (price_text = down) of public.prices.price done");
        assertThat(scalar("SELECT count(*) FROM prices WHERE price_text IS DISTINCT FROM price::text")).isZero();
        assertThatThrownBy(() -> jobs.backfillStatus(id, false))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void reverseBackfillNeedsDown() {
        ColumnId id = usersTable("nodown", 10);
        assertThatThrownBy(() -> jobs.startBackfill(id, BackfillRequest.reverseDefaults()))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessage("public.nodown.email_lower has no down expression: a reverse backfill sets email = "
                        + "down(email_lower); declare down first");
    }

    @Test
    void aPureAdditionWithoutUpHasNothingToBackfill() {
        PG.execute("CREATE TABLE additions (id int PRIMARY KEY, note text)");
        COLUMNS.put("public.additions.note", "text", null, null, null);
        ColumnId id = ColumnId.parse("public.additions.note");

        BackfillStatus status = jobs.startBackfill(id, BackfillRequest.defaults());
        assertThat(status.state()).isEqualTo(JobState.DONE);
        assertThat(status.runId()).isNull();
        assertThat(status.message()).startsWith("nothing to backfill: public.additions.note is a pure addition "
                + "without up");
        assertThat(jobs.backfillStatus(id, null).message()).startsWith("nothing to backfill");
    }

    @Test
    void aPureAdditionWithUpIsBackfilledWithUp() throws Exception {
        PG.execute("CREATE TABLE computed (id int PRIMARY KEY, a int, b int, total int)",
                "INSERT INTO computed SELECT g, g, 2 * g, NULL FROM generate_series(1, 1000) g");
        COLUMNS.put("public.computed.total", "integer", null, "a + b", null);
        ColumnId id = ColumnId.parse("public.computed.total");

        jobs.startBackfill(id, BackfillRequest.defaults());
        assertThat(awaitFinal(jobs, id, Duration.ofSeconds(60)).rowsUpdated()).isEqualTo(1000);
        assertThat(scalar("SELECT count(*) FROM computed WHERE total <> 3 * id")).isZero();
    }

    @Test
    void aFailingBatchFailsTheRunAndSaysWhere() throws Exception {
        PG.execute("CREATE TABLE numbers (id int PRIMARY KEY, n_text text, n int)",
                "INSERT INTO numbers SELECT g, g::text, NULL FROM generate_series(1, 1000) g",
                "UPDATE numbers SET n_text = 'twelve' WHERE id = 612");
        COLUMNS.put("public.numbers.n", "integer", "n_text", null, null);
        ColumnId id = ColumnId.parse("public.numbers.n");

        jobs.startBackfill(id, new BackfillRequest(100, null, null, null, null, null));
        BackfillStatus failed = awaitFinal(jobs, id, Duration.ofSeconds(60));

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastKey()).containsExactly("600");
        assertThat(failed.lastError()).startsWith("batch after key [600] of public.numbers failed: ")
                .contains("invalid input syntax for type integer: \"twelve\"").contains("22P02");
        assertThat(failed.message()).contains("failed");
    }

    @Test
    void stoppingAGatewayLeavesTheRunResumableAndAnotherResumesIt() throws Exception {
        ColumnId id = usersTable("handover", 4000);
        JobService first = new JobService(pool, CONFIG, COLUMNS, JobTesting.settings("gw-first"), LoadProbe.postgres());
        BackfillStatus started = first.startBackfill(id, new BackfillRequest(100, 1500, null, null, null, null));
        JobTesting.await(() -> jobs.backfillStatus(id, false), s -> s.rowsDone() >= 400, Duration.ofSeconds(30));
        first.close();

        BackfillStatus interrupted = jobs.backfillStatus(id, false);
        assertThat(interrupted.state()).isEqualTo(JobState.PAUSED);
        assertThat(interrupted.pauseReason()).startsWith("interrupted: its runner gw-first/");

        List<BackfillStatus> resumed = jobs.resumeInterrupted();
        assertThat(resumed).extracting(BackfillStatus::runId).containsExactly(started.runId());
        assertThat(resumed.get(0).owner()).startsWith("gw-a/");
        BackfillStatus done = awaitFinal(jobs, id, Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.rowsDone()).isEqualTo(4000);
        assertThat(done.rowsUpdated()).isEqualTo(4000);
    }

    @Test
    void aRestartSupersedesTheInterruptedRun() throws Exception {
        ColumnId id = usersTable("restarted", 3000);
        JobService first = new JobService(pool, CONFIG, COLUMNS, JobTesting.settings("gw-first"), LoadProbe.postgres());
        BackfillStatus old = first.startBackfill(id, new BackfillRequest(100, 1000, null, null, null, null));
        JobTesting.await(() -> jobs.backfillStatus(id, false), s -> s.rowsDone() >= 300, Duration.ofSeconds(30));
        first.close();

        BackfillStatus restarted = jobs.startBackfill(id, new BackfillRequest(null, null, null, null, null, true));
        assertThat(restarted.runId()).isNotEqualTo(old.runId());
        assertThat(restarted.lastKey()).isNull();
        BackfillStatus done = awaitFinal(jobs, id, Duration.ofSeconds(60));
        assertThat(done.rowsDone()).isEqualTo(3000);
        assertThat(done.rowsUpdated()).isEqualTo(3000 - scalar("SELECT rows_updated FROM phasegate.backfill_run "
                + "WHERE id = " + old.runId()));
        assertThat(scalar("SELECT count(*) FROM phasegate.backfill_run WHERE id = " + old.runId()
                + " AND state = 'cancelled' AND last_error = 'superseded by run " + restarted.runId()
                + " (restart)'")).isEqualTo(1);
        assertThat(jobs.resumeInterrupted()).isEmpty();
    }

    @Test
    void statusSerialisesToPlainJson() throws Exception {
        ColumnId id = usersTable("json", 100);
        jobs.startBackfill(id, BackfillRequest.defaults());
        BackfillStatus done = awaitFinal(jobs, id, Duration.ofSeconds(60));

        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(done));
        assertThat(json.get("state").asText()).isEqualTo("done");
        assertThat(json.get("direction").asText()).isEqualTo("forward");
        assertThat(json.get("rowsDone").asLong()).isEqualTo(100);
        assertThat(json.get("finishedAt").asText()).endsWith("Z");
        assertThat(mapper.readValue("{\"batchSize\": 10, \"maxRowsPerSecond\": 5, \"where\": \"id > 1\", "
                + "\"reverse\": true}", BackfillRequest.class))
                .isEqualTo(new BackfillRequest(10, 5, "id > 1", true, null, null));
    }

    @Test
    void unknownColumnsAndBadOptionsAreRefused() {
        assertThatThrownBy(() -> jobs.startBackfill(ColumnId.parse("public.nope.x"), BackfillRequest.defaults()))
                .isInstanceOfSatisfying(JobException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("not_found");
                })
                .hasMessage("no managed column public.nope.x");
        ColumnId id = usersTable("options", 10);
        assertThatThrownBy(() -> jobs.startBackfill(id, new BackfillRequest(0, null, null, null, null, null)))
                .isInstanceOfSatisfying(JobException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("bad_job_request");
                })
                .hasMessage("batchSize must be between 1 and 1000000, got 0");
    }
}
