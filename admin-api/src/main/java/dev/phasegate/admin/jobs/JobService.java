package dev.phasegate.admin.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.admin.schema.SchemaInspector;
import dev.phasegate.admin.schema.SchemaReport;
import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Identifiers;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.TableName;
import dev.phasegate.config.guard.GuardRailFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs facade: one method per admin endpoint, plain request and response records, errors as
 * {@link JobException} carrying an HTTP status.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code POST /api/v1/columns/{id}/backfill}</td><td>{@link #startBackfill}</td></tr>
 *   <tr><td>{@code GET /api/v1/columns/{id}/backfill[?reverse=true|false]}</td><td>{@link #backfillStatus}</td></tr>
 *   <tr><td>{@code DELETE /api/v1/columns/{id}/backfill}</td><td>{@link #cancelBackfill}</td></tr>
 *   <tr><td>{@code POST /api/v1/columns/{id}/verify}</td><td>{@link #startVerification}</td></tr>
 *   <tr><td>{@code GET /api/v1/columns/{id}/verify}</td><td>{@link #verificationStatus}</td></tr>
 *   <tr><td>{@code GET /api/v1/columns/{id}/schema}</td><td>{@link #schema}</td></tr>
 * </table>
 *
 * Jobs run on this service's own threads; their state lives in the database (schema
 * {@code phasegate}), so any gateway answers status for a job another one runs, and a job whose
 * gateway died is resumed by the next start request for the column or by {@link #resumeInterrupted()}.
 */
public final class JobService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobStore store;
    private final DataSource dataSource;
    private final BackfillConfig config;
    private final Function<ColumnId, Optional<ManagedColumn>> columns;
    private final JobSettings settings;
    private final LoadProbe probe;
    private final SchemaInspector inspector;
    private final JobFacts facts;
    private final ExecutorService executor;
    private final Map<String, JobRunner> running = new ConcurrentHashMap<>();

    /**
     * @param dataSource a pool to the upstream database holding schema {@code phasegate}
     *                   ({@link #createPool} makes one sized by {@code backfill.poolSize})
     * @param columns    looks up a managed column by id (the current phase snapshot)
     */
    public JobService(DataSource dataSource, BackfillConfig config, Function<ColumnId, Optional<ManagedColumn>> columns,
                      JobSettings settings, LoadProbe probe) {
        this.store = new JobStore(dataSource);
        this.dataSource = dataSource;
        this.config = config;
        this.columns = columns;
        this.settings = settings;
        this.probe = probe;
        this.inspector = new SchemaInspector(dataSource);
        this.facts = new JobFacts(store, inspector);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "phasegate-job-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public JobService(DataSource dataSource, BackfillConfig config, Function<ColumnId, Optional<ManagedColumn>> columns) {
        this(dataSource, config, columns, JobSettings.defaults(config), LoadProbe.postgres());
    }

    /**
     * A HikariCP pool for jobs: {@code backfill.poolSize} connections, no idle minimum (jobs are
     * occasional), {@code application_name = phasegate-jobs} so their sessions are recognisable.
     */
    public static HikariDataSource createPool(String jdbcUrl, String user, String password, BackfillConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("phasegate-jobs");
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        hikari.addDataSourceProperty("ApplicationName", "phasegate-jobs");
        return new HikariDataSource(hikari);
    }

    // ---- backfill -----------------------------------------------------------------------------

    /**
     * {@code POST …/backfill}: starts a backfill of the column, or resumes its unfinished one (from
     * the last key done, with the new request's batch size and rate).
     *
     * @throws JobException 404 unknown column; 400 bad option; 409 another runner holds the column;
     *                      422 no key, no {@code down} for a reverse backfill, or statements that
     *                      do not plan (a missing column, a bad expression)
     */
    public BackfillStatus startBackfill(ColumnId id, BackfillRequest request) {
        return startBackfill(column(id), request == null ? BackfillRequest.defaults() : request, false);
    }

    private BackfillStatus startBackfill(ManagedColumn column, BackfillRequest request, boolean onlyResume) {
        Direction direction = request.isReverse() ? Direction.REVERSE : Direction.FORWARD;
        Optional<Work> work = work(column, direction);
        if (work.isEmpty()) {
            return nothingToBackfill(column);
        }
        int batchSize = option(request.batchSize(), config.batchSize(), 1, 1_000_000, "batchSize");
        int rate = option(request.maxRowsPerSecond(), config.maxRowsPerSecond(), 0, Integer.MAX_VALUE,
                "maxRowsPerSecond");
        String where = WherePredicate.check(request.where());
        String id = column.id().toString();
        return database("start the backfill of " + id, () -> {
            String owner = newOwner();
            JobStore.Lease lease = store.acquire(id, JobStore.BACKFILL, owner, settings.leaseTtl())
                    .orElseThrow(() -> busy(id, JobStore.BACKFILL));
            boolean launched = false;
            try {
                Optional<BackfillRun> last = store.latestBackfill(id, direction);
                boolean resume = last.isPresent() && last.get().state() != JobState.DONE && !request.isRestart()
                        && last.get().expression().equals(work.get().expression())
                        && last.get().targetColumn().equals(work.get().target())
                        && (where == null || where.equals(last.get().where()));
                if (onlyResume && !(resume && !last.get().state().isFinal())) {
                    return null;
                }
                BackfillRun run = resume ? resume(column, last.get(), owner, batchSize, rate)
                        : create(column, direction, work.get(), where, batchSize, rate, request.keyColumns(), owner);
                if (!resume && last.isPresent() && !last.get().state().isFinal()) {
                    // We hold the column's lease, so nobody runs the old one: close it for the record.
                    store.backfillState(last.get().id(), null, JobState.CANCELLED, null, "superseded by run "
                            + run.id() + (request.isRestart() ? " (restart)" : " (other expression, target or where)"));
                }
                BackfillJob job = new BackfillJob(store, lease, settings, config, probe, column.id().tableName(), run);
                launch(JobStore.BACKFILL, id, job);
                launched = true;
                log.info("{} of {}: run {} {} by {}", direction == Direction.REVERSE ? "reverse backfill" : "backfill",
                        id, run.id(), resume ? "resumed from key " + run.lastKey() : "started", owner);
                return status(run, Optional.of(new JobStore.LeaseInfo(owner, null, false, false)));
            } finally {
                if (!launched) {
                    store.release(lease);
                }
            }
        });
    }

    private record Work(String target, String expression) {
    }

    private static Optional<Work> work(ManagedColumn column, Direction direction) {
        if (direction == Direction.FORWARD) {
            return column.upExpression().map(up -> new Work(column.name(), up));
        }
        if (!column.hasSource()) {
            throw JobException.unprocessable(column.id() + " is a pure addition: there is no source for a reverse "
                    + "backfill to fill");
        }
        String down = column.downExpression().orElseThrow(() -> JobException.unprocessable(column.id()
                + " has no down expression: a reverse backfill sets " + column.source() + " = down("
                + column.name() + "); declare down first"));
        return Optional.of(new Work(column.source(), down));
    }

    private BackfillStatus nothingToBackfill(ManagedColumn column) {
        return new BackfillStatus(column.id().toString(), null, Direction.FORWARD, JobState.DONE, null, 0, 0L, null, 0,
                0, null, 0, 0, null, List.of(), null, null, null, null, null, null, null, null,
                "nothing to backfill: " + column.id() + " is a pure addition without up, so no value can be "
                        + "computed for existing rows (they keep the column's DEFAULT or NULL); declare up to "
                        + "compute one");
    }

    private BackfillRun resume(ManagedColumn column, BackfillRun last, String owner, int batchSize, int rate)
            throws SQLException {
        KeysetSql sql = new KeysetSql(column.id().tableName(), last.key());
        try (Connection c = dataSource.getConnection()) {
            inTransaction(c, () -> explain(c, sql.explainUpdate(last.targetColumn(), last.expression(), last.where()),
                    "the backfill's UPDATE"));
        }
        return store.resumeBackfill(last.id(), owner, batchSize, rate);
    }

    private BackfillRun create(ManagedColumn column, Direction direction, Work work, String where, int batchSize,
                               int rate, List<String> keyColumns, String owner) throws SQLException {
        TableName table = column.id().tableName();
        TableKey key;
        List<String> high;
        Long estimate;
        try (Connection c = dataSource.getConnection()) {
            key = inTransaction(c, () -> TableKey.resolve(c, table, keyColumns));
            KeysetSql sql = new KeysetSql(table, key);
            inTransaction(c, () -> explain(c, sql.explainUpdate(work.target(), work.expression(), where),
                    "the backfill's UPDATE"));
            // The range is fixed here: rows inserted from now on are dual-written by the gateway.
            high = inTransaction(c, () -> highKey(c, sql));
            estimate = inTransaction(c, () -> estimate(c, sql));
        }
        return store.insertBackfill(column.id().toString(), direction, work.target(), work.expression(), where,
                batchSize, rate, key, high, estimate, owner, false);
    }

    /**
     * {@code GET …/backfill}: the latest run of the column, forward or reverse as asked, or the
     * latest of either when {@code reverse} is null.
     *
     * @throws JobException 404 unknown column or no backfill ever ran
     */
    public BackfillStatus backfillStatus(ColumnId id, Boolean reverse) {
        ManagedColumn column = column(id);
        Direction direction = reverse == null ? null : reverse ? Direction.REVERSE : Direction.FORWARD;
        return database("read the backfill of " + id, () -> {
            LeaseAndRun<BackfillRun> read = leaseThenRun(id.toString(), JobStore.BACKFILL,
                    () -> store.latestBackfill(id.toString(), direction));
            if (read.run().isEmpty()) {
                if (direction != Direction.REVERSE && column.upExpression().isEmpty()) {
                    return nothingToBackfill(column);
                }
                throw JobException.notFound("no " + (direction == Direction.REVERSE ? "reverse " : "")
                        + "backfill of " + id + " has run; start one with POST /api/v1/columns/" + id + "/backfill");
            }
            return status(read.run().get(), read.lease());
        });
    }

    /**
     * {@code DELETE …/backfill}: cancels the column's running backfill (either direction). A
     * runner in this process stops at its next batch boundary (waited for, briefly); one in
     * another gateway is asked through its lease; an interrupted run (its runner gone) is marked
     * cancelled directly.
     *
     * @throws JobException 404 unknown column or no backfill ever ran; 409 nothing is running
     */
    public BackfillStatus cancelBackfill(ColumnId id) {
        column(id);
        String key = runnerKey(JobStore.BACKFILL, id.toString());
        return database("cancel the backfill of " + id, () -> {
            JobRunner local = running.get(key);
            if (local instanceof BackfillJob job) {
                job.cancel();
                job.awaitFinished(Duration.ofSeconds(30));
                return backfillStatus(id.toString(), job.runId());
            }
            Optional<BackfillRun> last = store.latestBackfill(id.toString(), null);
            if (last.isEmpty()) {
                throw JobException.notFound("no backfill of " + id + " has run");
            }
            if (store.requestCancel(id.toString(), JobStore.BACKFILL)) {
                BackfillStatus status = backfillStatus(id.toString(), last.get().id());
                return withMessage(status, "cancel requested: the runner " + status.owner()
                        + " stops at its next batch");
            }
            Optional<BackfillRun> unfinished = unfinished(id.toString());
            if (unfinished.isEmpty()) {
                throw JobException.conflict("no backfill of " + id + " is running; the last one is "
                        + last.get().state());
            }
            // Its runner is gone: take the lease so no one resumes it meanwhile, then mark it.
            JobStore.Lease lease = store.acquire(id.toString(), JobStore.BACKFILL, newOwner(), settings.leaseTtl())
                    .orElseThrow(() -> busy(id.toString(), JobStore.BACKFILL));
            try {
                store.backfillState(unfinished.get().id(), null, JobState.CANCELLED, null, null);
            } finally {
                store.release(lease);
            }
            return status(store.backfill(unfinished.get().id()).orElseThrow(), Optional.empty());
        });
    }

    private Optional<BackfillRun> unfinished(String id) throws SQLException {
        for (Direction direction : Direction.values()) {
            Optional<BackfillRun> run = store.latestBackfill(id, direction);
            if (run.isPresent() && !run.get().state().isFinal()) {
                return run;
            }
        }
        return Optional.empty();
    }

    /**
     * Resumes every backfill left running or paused whose runner is gone (its lease expired or was
     * given back), for columns still managed and with unchanged expressions. Call it when a gateway
     * starts (and, if wanted, periodically): it is how a crash or restart continues by itself.
     *
     * @return the runs resumed
     */
    public List<BackfillStatus> resumeInterrupted() {
        return database("resume interrupted backfills", () -> {
            List<BackfillStatus> resumed = new ArrayList<>();
            for (BackfillRun run : store.unfinishedBackfills()) {
                Optional<ManagedColumn> column = columns.apply(ColumnId.parse(run.columnId()));
                if (column.isEmpty()) {
                    log.warn("backfill run {} of {} is unfinished but the column is no longer managed; leaving it",
                            run.id(), run.columnId());
                    continue;
                }
                try {
                    BackfillStatus status = startBackfill(column.get(), new BackfillRequest(run.batchSize(),
                            run.maxRowsPerSecond(), null, run.direction() == Direction.REVERSE, null, false), true);
                    if (status != null && status.runId() != null && status.runId() == run.id()) {
                        resumed.add(status);
                    }
                } catch (JobException e) {
                    log.info("not resuming backfill run {} of {}: {}", run.id(), run.columnId(), e.getMessage());
                }
            }
            return resumed;
        });
    }

    // ---- verification -------------------------------------------------------------------------

    /**
     * {@code POST …/verify}: starts a verification of the column (or, with {@code waitForResult},
     * runs it to its end before answering).
     *
     * @throws JobException 404 unknown column; 400 bad option; 409 a verification of it is running;
     *                      422 no key or a predicate that does not plan
     */
    public VerificationStatus startVerification(ColumnId id, VerifyRequest request) {
        ManagedColumn column = column(id);
        VerifyRequest r = request == null ? VerifyRequest.defaults() : request;
        int batchSize = option(r.batchSize(), config.batchSize(), 1, 1_000_000, "batchSize");
        Optional<String> up = column.upExpression();
        String newColumn = Identifiers.quoteIfNeeded(column.name());
        String mode = up.isPresent() ? VerificationRun.MODE_UP : VerificationRun.MODE_NULL;
        String predicate = up.map(u -> newColumn + " IS DISTINCT FROM (" + u + ")").orElse(newColumn + " IS NULL");
        String columnId = id.toString();
        TableName table = id.tableName();
        VerificationJob started = database("start the verification of " + id, () -> {
            JobStore.Lease lease = store.acquire(columnId, JobStore.VERIFY, newOwner(), settings.leaseTtl())
                    .orElseThrow(() -> busy(columnId, JobStore.VERIFY));
            boolean launched = false;
            try {
                store.failAbandonedVerifications(columnId, "interrupted: its runner stopped before finishing");
                TableKey key;
                List<String> high;
                Long estimate;
                try (Connection c = dataSource.getConnection()) {
                    key = inTransaction(c, () -> TableKey.resolve(c, table, r.keyColumns()));
                    KeysetSql sql = new KeysetSql(table, key);
                    inTransaction(c, () -> explain(c, sql.explainPredicate(predicate), "the verification predicate"));
                    high = inTransaction(c, () -> highKey(c, sql));
                    estimate = inTransaction(c, () -> estimate(c, sql));
                }
                VerificationRun run = store.insertVerification(columnId, r.snapshotVersion(), mode, up.orElse(null),
                        batchSize, key, high, estimate, lease.owner(), false);
                VerificationJob job = new VerificationJob(store, lease, settings, config, table, run, predicate);
                launch(JobStore.VERIFY, columnId, job);
                launched = true;
                return job;
            } finally {
                if (!launched) {
                    store.release(lease);
                }
            }
        });
        if (r.isWait()) {
            try {
                started.awaitFinished(Duration.ofDays(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return database("read the verification of " + id, () -> {
            LeaseAndRun<VerificationRun> read = leaseThenRun(columnId, JobStore.VERIFY,
                    () -> store.verification(started.runId()));
            return verificationStatus(read.run().orElseThrow(), read.lease());
        });
    }

    /**
     * {@code GET …/verify}: the latest verification of the column.
     *
     * @throws JobException 404 unknown column or none ever ran
     */
    public VerificationStatus verificationStatus(ColumnId id) {
        column(id);
        return database("read the verification of " + id, () -> {
            LeaseAndRun<VerificationRun> read = leaseThenRun(id.toString(), JobStore.VERIFY,
                    () -> store.latestVerification(id.toString()));
            VerificationRun run = read.run().orElseThrow(() -> JobException.notFound(
                    "no verification of " + id + " has run; start one with POST /api/v1/columns/" + id + "/verify"));
            return verificationStatus(run, read.lease());
        });
    }

    // ---- schema and facts ---------------------------------------------------------------------

    /** {@code GET …/schema}: the column upstream compared with its declaration, field by field. */
    public SchemaReport schema(ColumnId id) {
        ManagedColumn column = column(id);
        return database("check the schema of " + id, () -> inspector.inspect(column));
    }

    /**
     * The jobs' guard-rail facts of a column, as a function the control plane applies to its own
     * facts (see {@link JobFacts}).
     */
    public UnaryOperator<GuardRailFacts> guardRailFacts(ColumnId id) {
        return facts.gather(column(id));
    }

    /** As {@link #guardRailFacts(ColumnId)}, for a column the caller already holds. */
    public UnaryOperator<GuardRailFacts> guardRailFacts(ManagedColumn column) {
        return facts.gather(column);
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /**
     * Stops this service's runners, leaving their runs resumable (they keep their last key; their
     * leases are given back so another gateway can take over at once), and waits for them briefly.
     */
    @Override
    public void close() {
        running.values().forEach(JobRunner::stop);
        for (JobRunner runner : running.values()) {
            try {
                runner.awaitFinished(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void launch(String kind, String columnId, JobRunner runner) {
        String key = runnerKey(kind, columnId);
        running.put(key, runner);
        runner.onExit(() -> running.remove(key, runner));
        executor.execute(runner);
    }

    private static String runnerKey(String kind, String columnId) {
        return kind + ":" + columnId;
    }

    private ManagedColumn column(ColumnId id) {
        return columns.apply(id).orElseThrow(() -> JobException.notFound("no managed column " + id));
    }

    private String newOwner() {
        return settings.gatewayId() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JobException busy(String columnId, String kind) {
        try {
            Optional<JobStore.LeaseInfo> holder = store.lease(columnId, kind);
            String who = holder.map(h -> " by " + h.owner() + " (lease until " + h.expiresAt() + ")").orElse("");
            return JobException.conflict("a " + (kind.equals(JobStore.VERIFY) ? "verification" : "backfill") + " of "
                    + columnId + " is already running" + who + "; only one runs per column across all gateways");
        } catch (SQLException e) {
            return JobException.conflict("a job of " + columnId + " is already running");
        }
    }

    private static int option(Integer value, int fallback, int min, int max, String name) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw JobException.badRequest(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private interface SqlWork<T> {
        T run() throws Exception;
    }

    /** Runs {@code work}, turning database errors into 503 and leaving {@link JobException}s as they are. */
    private static <T> T database(String what, SqlWork<T> work) {
        try {
            return work.run();
        } catch (JobException e) {
            throw e;
        } catch (SQLException e) {
            throw JobException.unavailable("could not " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JobException.unavailable("interrupted while trying to " + what, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface TransactionWork<T> {
        T run() throws SQLException;
    }

    /** Runs catalog and planning queries in a short transaction with the job timeouts set. */
    private <T> T inTransaction(Connection c, TransactionWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            JobRunner.localTimeouts(c, config.lockTimeout(), config.statementTimeout());
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static Void explain(Connection c, String sql, String what) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return null;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState())) {
                throw e;
            }
            throw JobException.unprocessable(what + " does not plan: " + e.getMessage());
        }
    }

    private static List<String> highKey(Connection c, KeysetSql sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.highKey()); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            List<String> key = new ArrayList<>();
            for (int i = 1; i <= sql.key().size(); i++) {
                key.add(rs.getString(i));
            }
            return key;
        }
    }

    private static Long estimate(Connection c, KeysetSql sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.estimateRows()); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            try {
                JsonNode plan = JSON.readTree(rs.getString(1)).path(0).path("Plan").path("Plan Rows");
                return plan.isNumber() ? plan.asLong() : null;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return null;
            }
        }
    }

    private interface RunRead<R> {
        Optional<R> read() throws SQLException;
    }

    /** A column's lease for a kind of job, and a run of it read after the lease. */
    private record LeaseAndRun<R>(Optional<JobStore.LeaseInfo> lease, Optional<R> run) {
    }

    /**
     * The column's lease, then its run. A run without a live lease is reported interrupted, so the
     * lease comes first: a runner records its final state and only then gives its lease back, and a
     * run read first could be one batch old while the lease read after it is already gone (a run
     * that had just finished was reported "interrupted"). Every status that judges a stored run by
     * its lease reads both through here.
     */
    private <R> LeaseAndRun<R> leaseThenRun(String columnId, String kind, RunRead<R> run) throws SQLException {
        Optional<JobStore.LeaseInfo> lease = store.lease(columnId, kind);
        return new LeaseAndRun<>(lease, run.read());
    }

    /** The status of backfill run {@code runId} of the column, judged by the lease read before it. */
    private BackfillStatus backfillStatus(String columnId, long runId) throws SQLException {
        LeaseAndRun<BackfillRun> read = leaseThenRun(columnId, JobStore.BACKFILL, () -> store.backfill(runId));
        return status(read.run().orElseThrow(), read.lease());
    }

    /** {@code lease} must have been read before {@code run} ({@link #leaseThenRun}). */
    private BackfillStatus status(BackfillRun run, Optional<JobStore.LeaseInfo> lease) {
        JobState state = run.state();
        String pauseReason = run.pauseReason();
        boolean live = lease.isPresent() && !lease.get().expired() && lease.get().owner().equals(run.owner());
        if (!state.isFinal() && !live) {
            state = JobState.PAUSED;
            pauseReason = "interrupted: its runner " + run.owner() + " stopped before finishing (its lease expired "
                    + "or was given back); it resumes from key " + run.lastKey() + " on the next POST "
                    + "…/backfill" + (run.direction() == Direction.REVERSE ? " with reverse" : "")
                    + " or when a gateway starts";
        }
        Long left = state == JobState.DONE ? Long.valueOf(0)
                : run.rowsEstimate() == null ? null : Math.max(0, run.rowsEstimate() - run.rowsDone());
        double rate = state.isFinal() ? average(run.rowsDone(), run.startedAt(), run.finishedAt())
                : run.rowsPerSecond() == null ? 0 : run.rowsPerSecond();
        Long eta = state == JobState.RUNNING && rate > 0 && left != null ? (long) Math.ceil(left / rate) : null;
        String message = describe(run, state, pauseReason, left, rate, eta);
        return new BackfillStatus(run.columnId(), run.id(), run.direction(), state, pauseReason, run.rowsDone(), left,
                run.rowsEstimate(), run.rowsUpdated(), round(rate), eta, run.batchSize(), run.maxRowsPerSecond(),
                run.where(), run.key().columns(), run.key().origin(), run.lastKey(), run.highKey(), run.owner(),
                text(run.startedAt()), text(run.updatedAt()), text(run.finishedAt()), run.lastError(), message);
    }

    private static String describe(BackfillRun run, JobState state, String pauseReason, Long left, double rate,
                                   Long eta) {
        String what = (run.direction() == Direction.REVERSE ? "reverse backfill (" + run.targetColumn() + " = down)"
                : "backfill") + " of " + run.columnId();
        String rows = String.format(Locale.ROOT, "%,d rows walked, %,d updated", run.rowsDone(), run.rowsUpdated());
        return switch (state) {
            case RUNNING -> String.format(Locale.ROOT, "%s running: %s%s, %,.0f rows/s%s", what, rows,
                    left == null || run.rowsEstimate() == null || run.rowsEstimate() == 0 ? ""
                            : String.format(Locale.ROOT, " (~%d%%)", Math.min(100,
                            run.rowsDone() * 100 / Math.max(1, run.rowsEstimate()))),
                    rate, eta == null ? "" : ", about " + eta + "s left");
            case PAUSED -> what + " paused (" + pauseReason + "): " + rows;
            case DONE -> String.format(Locale.ROOT, "%s done: %s, %,.0f rows/s on average", what, rows, rate);
            case FAILED -> what + " failed: " + run.lastError() + " (" + rows + "; POST …/backfill resumes from the last "
                    + "key)";
            case CANCELLED -> what + " cancelled: " + rows + " (POST …/backfill resumes from the last key)";
        };
    }

    private static BackfillStatus withMessage(BackfillStatus s, String message) {
        return new BackfillStatus(s.column(), s.runId(), s.direction(), s.state(), s.pauseReason(), s.rowsDone(),
                s.rowsLeft(), s.rowsEstimate(), s.rowsUpdated(), s.rowsPerSecond(), s.etaSeconds(), s.batchSize(),
                s.maxRowsPerSecond(), s.where(), s.keyColumns(), s.keyOrigin(), s.lastKey(), s.highKey(), s.owner(),
                s.startedAt(), s.updatedAt(), s.finishedAt(), s.lastError(), message);
    }

    /** {@code lease} must have been read before {@code run} ({@link #leaseThenRun}). */
    private VerificationStatus verificationStatus(VerificationRun run, Optional<JobStore.LeaseInfo> lease) {
        JobState state = run.state();
        String lastError = run.lastError();
        boolean live = lease.isPresent() && !lease.get().expired() && lease.get().owner().equals(run.owner());
        if (!state.isFinal() && !live) {
            state = JobState.FAILED;
            lastError = "interrupted: its runner " + run.owner() + " stopped before finishing; verify again";
        }
        boolean informational = VerificationRun.MODE_NULL.equals(run.mode());
        Long left = run.rowsEstimate() == null ? null : Math.max(0, run.rowsEstimate() - run.rowsChecked());
        double rate = state.isFinal() ? average(run.rowsChecked(), run.startedAt(), run.finishedAt())
                : run.rowsPerSecond() == null ? 0 : run.rowsPerSecond();
        Long eta = state == JobState.RUNNING && rate > 0 && left != null ? (long) Math.ceil(left / rate) : null;
        String found = informational
                ? String.format(Locale.ROOT, "%,d rows have NULL in %s (informational: a pure addition without up "
                + "has no value to compare with)", run.mismatches(), ColumnId.parse(run.columnId()).column())
                : String.format(Locale.ROOT, "%,d mismatching rows", run.mismatches());
        String message = switch (state) {
            case RUNNING, PAUSED -> String.format(Locale.ROOT, "verification of %s running: %,d rows checked, %s so far",
                    run.columnId(), run.rowsChecked(), found);
            case DONE -> String.format(Locale.ROOT, "verification of %s done: %,d rows checked, %s",
                    run.columnId(), run.rowsChecked(), found);
            case FAILED -> "verification of " + run.columnId() + " failed: " + lastError;
            case CANCELLED -> "verification of " + run.columnId() + " cancelled";
        };
        return new VerificationStatus(run.columnId(), run.id(), state, run.mode(), informational,
                run.snapshotVersion(), run.rowsChecked(), run.rowsEstimate(), run.mismatches(), run.sample(),
                round(rate), eta, text(run.startedAt()), text(run.finishedAt()), lastError, message);
    }

    private static double average(long rows, Instant start, Instant end) {
        if (start == null || end == null) {
            return 0;
        }
        double seconds = Duration.between(start, end).toNanos() / 1e9;
        return seconds <= 0 ? 0 : rows / seconds;
    }

    private static double round(double rate) {
        return Math.round(rate * 10) / 10.0;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
