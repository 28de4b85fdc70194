package dev.phasegate.admin.jobs;

import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one verification: walks the key ranges up to the high key recorded at the start, counting
 * the rows of each range that match the mismatch predicate ({@code new IS DISTINCT FROM (up)}, or
 * {@code new IS NULL} for a pure addition without up) and keeping the keys of the first
 * {@code mismatchSample} of them. Read-only; each batch is a short transaction with
 * {@code statement_timeout} set, renewing the lease and recording progress.
 *
 * <p>Rows the application writes during the run are dual-written by the gateway, so a row is
 * either read before or after its write, consistent both times: a verification does not report
 * false mismatches under load.
 */
final class VerificationJob extends JobRunner {

    private static final Logger log = LoggerFactory.getLogger(VerificationJob.class);
    private static final int MAX_TRANSIENT_RETRIES = 10;

    private final TableName table;
    private final KeysetSql sql;
    private final BackfillConfig config;
    private final VerificationRun run;
    private final String predicate;
    private final List<Map<String, String>> sample = new ArrayList<>();
    private List<String> lastKey;

    VerificationJob(JobStore store, JobStore.Lease lease, JobSettings settings, BackfillConfig config, TableName table,
                    VerificationRun run, String predicate) {
        super(store, lease, settings);
        this.table = table;
        this.sql = new KeysetSql(table, run.key());
        this.config = config;
        this.run = run;
        this.predicate = predicate;
        this.lastKey = run.lastKey();
        this.sample.addAll(run.sample());
    }

    long runId() {
        return run.id();
    }

    @Override
    protected String describe() {
        return "verification of " + run.columnId() + " (run " + run.id() + ")";
    }

    @Override
    protected void fail(String message) throws SQLException {
        store.verificationState(run.id(), lease.owner(), JobState.FAILED, message);
    }

    @Override
    protected void execute() throws Exception {
        RateMeter meter = new RateMeter(10_000_000_000L, System.nanoTime());
        int transientFailures = 0;
        while (true) {
            if (stopRequested()) {
                // A verification is cheap to redo: stopping ends it instead of leaving it resumable.
                store.verificationState(run.id(), lease.owner(), JobState.FAILED,
                        "stopped: the gateway running it shut down; verify again");
                return;
            }
            if (cancelRequested()) {
                store.verificationState(run.id(), lease.owner(), JobState.CANCELLED, null);
                return;
            }
            long rows;
            try {
                rows = batch(meter);
                transientFailures = 0;
            } catch (SQLException e) {
                if ((isTransient(e) || isLockTimeout(e)) && ++transientFailures <= MAX_TRANSIENT_RETRIES) {
                    log.warn("{}: batch after key {} failed, retrying: {}", describe(), lastKey, sqlMessage(e));
                    pause(settings.pollInterval().toNanos());
                    continue;
                }
                fail("batch after key " + (lastKey == null ? "(start)" : lastKey) + " of " + table + " failed: "
                        + sqlMessage(e));
                return;
            }
            if (rows < 0) {
                return;
            }
            meter.add(rows, System.nanoTime());
        }
    }

    /** Rows checked by one batch; -1 when the run ended (done or cancelled). */
    private long batch(RateMeter meter) throws SQLException, LeaseLostException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                JobStore.Renewal renewal = beginBatch(c, config.lockTimeout(), config.statementTimeout());
                if (renewal.cancelRequested()) {
                    store.verificationState(c, run.id(), lease.owner(), JobState.CANCELLED, null);
                    c.commit();
                    return -1;
                }
                List<String> upper = null;
                long rows = 0;
                if (run.highKey() != null) {
                    try (PreparedStatement ps = c.prepareStatement(sql.nextBatch(lastKey != null))) {
                        int index = sql.bindRange(ps, lastKey, run.highKey());
                        ps.setInt(index, run.batchSize());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                upper = keyOf(rs);
                                rows = rs.getLong(sql.key().size() + 1);
                            }
                        }
                    }
                }
                if (upper == null) {
                    store.verificationState(c, run.id(), lease.owner(), JobState.DONE, null);
                    c.commit();
                    log.info("{} done", describe());
                    return -1;
                }
                long mismatches = 0;
                List<Map<String, String>> found = new ArrayList<>();
                int room = Math.max(0, config.mismatchSample() - sample.size());
                try (PreparedStatement ps = c.prepareStatement(sql.matching(predicate, lastKey != null))) {
                    int index = sql.bindRange(ps, lastKey, upper);
                    // At least one row, to read the window count even when the sample is full.
                    ps.setInt(index, Math.max(1, room));
                    try (ResultSet rs = ps.executeQuery()) {
                        int taken = 0;
                        while (rs.next()) {
                            mismatches = rs.getLong(sql.key().size() + 1);
                            if (taken++ < room) {
                                found.add(keyMap(keyOf(rs)));
                            }
                        }
                    }
                }
                List<Map<String, String>> newSample = new ArrayList<>(sample);
                newSample.addAll(found);
                if (!store.verificationProgress(c, run.id(), lease.owner(), upper, rows, mismatches, newSample,
                        meter.rowsPerSecond(System.nanoTime()))) {
                    rollbackQuietly(c);
                    throw new LeaseLostException("run " + run.id() + " has another owner now");
                }
                c.commit();
                lastKey = upper;
                sample.addAll(found);
                return rows;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private List<String> keyOf(ResultSet rs) throws SQLException {
        int n = sql.key().size();
        List<String> key = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            key.add(rs.getString(i));
        }
        return key;
    }

    private Map<String, String> keyMap(List<String> key) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) {
            map.put(sql.key().columns().get(i), key.get(i));
        }
        return map;
    }
}
