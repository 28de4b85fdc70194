package dev.phasegate.admin.jobs;

import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one backfill run to its end: batch after batch of {@code (last key, next key]} ranges up to
 * the high key recorded when the run started, each batch one short transaction that
 *
 * <ol>
 *   <li>sets {@code lock_timeout} and {@code statement_timeout} locally,</li>
 *   <li>renews the lease (no lease, no write: a runner that lost it cannot commit a batch),</li>
 *   <li>finds the batch's last key and row count from the key index,</li>
 *   <li>updates the rows of the range where {@code target IS DISTINCT FROM expression}, computed
 *       from the row as locked, and</li>
 *   <li>records the new last key and counters,</li>
 * </ol>
 *
 * and commits. Between batches it holds to the rate limit and pauses while replication lag or
 * lock waits exceed their bounds. A lock timeout pauses and retries the batch; a deadlock,
 * serialization failure or lost connection retries it a few times; anything else fails the run
 * with the batch's position in the message.
 */
final class BackfillJob extends JobRunner {

    private static final Logger log = LoggerFactory.getLogger(BackfillJob.class);
    private static final int MAX_TRANSIENT_RETRIES = 10;
    private static final long RATE_WINDOW_NANOS = 10_000_000_000L;

    private final TableName table;
    private final KeysetSql sql;
    private final BackfillConfig config;
    private final LoadProbe probe;
    private final BackfillRun run;
    private List<String> lastKey;
    private String pausedFor;
    private long lastProbe;
    private RateMeter meter;

    BackfillJob(JobStore store, JobStore.Lease lease, JobSettings settings, BackfillConfig config, LoadProbe probe,
                TableName table, BackfillRun run) {
        super(store, lease, settings);
        this.table = table;
        this.sql = new KeysetSql(table, run.key());
        this.config = config;
        this.probe = probe;
        this.run = run;
        this.lastKey = run.lastKey();
    }

    long runId() {
        return run.id();
    }

    @Override
    protected String describe() {
        return (run.direction() == Direction.REVERSE ? "reverse backfill" : "backfill") + " of " + run.columnId()
                + " (run " + run.id() + ")";
    }

    @Override
    protected void fail(String message) throws SQLException {
        store.backfillState(run.id(), lease.owner(), JobState.FAILED, null, message);
    }

    @Override
    protected void execute() throws Exception {
        // The throttle sleeps through pause(), so a cancel or stop wakes it at once.
        Throttle throttle = new Throttle(run.maxRowsPerSecond(), System::nanoTime, this::pause);
        int batchSize = throttle.batchSize(run.batchSize(), run.maxRowsPerSecond());
        meter = new RateMeter(RATE_WINDOW_NANOS, System.nanoTime());
        lastProbe = System.nanoTime() - settings.pollInterval().toNanos(); // probe before the first batch
        int transientFailures = 0;
        log.info("{} starting after key {} up to {} in batches of {}{}", describe(), lastKey, run.highKey(), batchSize,
                throttle.unlimited() ? "" : " at most " + run.maxRowsPerSecond() + " rows/s");
        while (true) {
            if (stopRequested()) {
                log.info("{} stopped at key {}; it stays resumable", describe(), lastKey);
                return;
            }
            if (cancelRequested()) {
                cancelled();
                return;
            }
            String reason = pauseReason();
            if (reason != null) {
                pauseFor(reason);
                continue;
            }
            if (pausedFor != null) {
                // The next batch's progress update sets the state back to running.
                log.info("{} resuming after pause ({})", describe(), pausedFor);
                pausedFor = null;
            }
            throttle.awaitTurn();
            if (stopRequested() || cancelRequested()) {
                continue;
            }
            long started = System.nanoTime();
            Batch batch;
            try {
                batch = batch(batchSize);
                transientFailures = 0;
            } catch (SQLException e) {
                if (isLockTimeout(e)) {
                    pauseFor("lock waits: a batch waited longer than lock_timeout (" + human(config.lockTimeout())
                            + ") for a lock on " + table + " held by another session; retrying");
                    continue;
                }
                if (isTransient(e) && ++transientFailures <= MAX_TRANSIENT_RETRIES) {
                    log.warn("{}: batch after key {} failed, retrying ({}/{}): {}", describe(), lastKey,
                            transientFailures, MAX_TRANSIENT_RETRIES, sqlMessage(e));
                    store.backfillState(run.id(), lease.owner(), JobState.RUNNING, null, sqlMessage(e));
                    pause(settings.pollInterval().toNanos());
                    continue;
                }
                fail(batchFailure(e));
                log.error("{} failed: {}", describe(), batchFailure(e));
                return;
            }
            if (batch == Batch.CANCEL) {
                cancelled();
                return;
            }
            if (batch == Batch.DONE) {
                log.info("{} done", describe());
                return;
            }
            meter.add(batch.rows(), System.nanoTime());
            throttle.spent(batch.rows(), started);
        }
    }

    /** One batch's outcome; {@link #DONE} and {@link #CANCEL} are markers. */
    private record Batch(long rows, long updated) {
        static final Batch DONE = new Batch(-1, -1);
        static final Batch CANCEL = new Batch(-2, -2);
    }

    private Batch batch(int batchSize) throws SQLException, LeaseLostException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                JobStore.Renewal renewal = beginBatch(c, config.lockTimeout(), config.statementTimeout());
                if (renewal.cancelRequested()) {
                    c.commit();
                    return Batch.CANCEL;
                }
                Optional<Bounds> bounds = nextBatch(c, batchSize);
                if (bounds.isEmpty()) {
                    store.backfillState(c, run.id(), lease.owner(), JobState.DONE, null, null);
                    c.commit();
                    return Batch.DONE;
                }
                int updated;
                try (PreparedStatement ps = c.prepareStatement(
                        sql.update(run.targetColumn(), run.expression(), run.where(), lastKey != null))) {
                    sql.bindRange(ps, lastKey, bounds.get().upper());
                    updated = ps.executeUpdate();
                }
                double rate = meter.rowsPerSecond(System.nanoTime());
                if (!store.backfillProgress(c, run.id(), lease.owner(), bounds.get().upper(), bounds.get().rows(),
                        updated, rate)) {
                    rollbackQuietly(c);
                    throw new LeaseLostException("run " + run.id() + " has another owner now");
                }
                c.commit();
                lastKey = bounds.get().upper();
                return new Batch(bounds.get().rows(), updated);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private record Bounds(List<String> upper, long rows) {
    }

    private Optional<Bounds> nextBatch(Connection c, int batchSize) throws SQLException {
        if (run.highKey() == null) {
            return Optional.empty(); // the table was empty when the run started
        }
        try (PreparedStatement ps = c.prepareStatement(sql.nextBatch(lastKey != null))) {
            int index = sql.bindRange(ps, lastKey, run.highKey());
            ps.setInt(index, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int n = sql.key().size();
                List<String> upper = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    upper.add(rs.getString(i));
                }
                return Optional.of(new Bounds(upper, rs.getLong(n + 1)));
            }
        }
    }

    /** Why the job should pause now, or null. Probes at most once per poll interval while running. */
    private String pauseReason() {
        long now = System.nanoTime();
        if (pausedFor == null && now - lastProbe < settings.pollInterval().toNanos()) {
            return null;
        }
        lastProbe = now;
        try (Connection c = dataSource.getConnection()) {
            Duration lag = probe.replicationLag(c);
            if (lag.compareTo(config.maxReplicationLag()) > 0) {
                return "replication lag: a standby replays " + human(lag) + " behind (maxReplicationLag "
                        + human(config.maxReplicationLag()) + ")";
            }
            Optional<LoadProbe.LockWait> wait = probe.longestLockWait(c, table);
            if (wait.isPresent() && wait.get().waited().compareTo(config.maxLockWait()) > 0) {
                return "lock waits: backend " + wait.get().pid() + " has waited " + human(wait.get().waited())
                        + " for a " + wait.get().lockType() + " lock while working on " + table + " (maxLockWait "
                        + human(config.maxLockWait()) + ")";
            }
            return null;
        } catch (SQLException e) {
            // A probe that cannot run must not stop the job (the batches have their own timeouts).
            log.warn("{}: load probe failed, not pausing: {}", describe(), sqlMessage(e));
            return null;
        }
    }

    private void pauseFor(String reason) throws SQLException, InterruptedException, LeaseLostException {
        if (!reason.equals(pausedFor)) {
            log.info("{} paused: {}", describe(), reason);
            store.backfillState(run.id(), lease.owner(), JobState.PAUSED, reason, null);
            pausedFor = reason;
        }
        JobStore.Renewal renewal = store.renew(lease);
        if (!renewal.held()) {
            throw new LeaseLostException("another runner took over the lease of " + run.columnId());
        }
        if (renewal.cancelRequested()) {
            markCancelRequested();
            return;
        }
        pause(settings.pollInterval().toNanos());
        meter.reset(System.nanoTime());
    }

    private void cancelled() throws SQLException {
        log.info("{} cancelled at key {}", describe(), lastKey);
        store.backfillState(run.id(), lease.owner(), JobState.CANCELLED, null, null);
    }

    private String batchFailure(SQLException e) {
        String message = "batch after key " + (lastKey == null ? "(start)" : lastKey) + " of " + table + " failed: "
                + sqlMessage(e);
        if ("57014".equals(e.getSQLState())) {
            message += "; a batch ran longer than statement_timeout (" + human(config.statementTimeout())
                    + "): lower batchSize or raise backfill.statementTimeout";
        }
        return message;
    }
}
