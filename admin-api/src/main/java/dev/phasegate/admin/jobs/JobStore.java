package dev.phasegate.admin.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The jobs' durable state in schema {@code phasegate} (see {@code V10__jobs.sql}): leases, backfill
 * runs and verification runs. Methods that take a {@link Connection} run inside the caller's batch
 * transaction; the others use their own autocommit connection. Every write a runner makes is
 * conditional on its lease owner, so a runner that lost its lease cannot overwrite its successor.
 */
final class JobStore {

    /** A lease this process holds: renew it with {@link #renew}, give it back with {@link #release}. */
    record Lease(String columnId, String kind, String owner, Duration ttl) {
    }

    /** Whoever holds a lease now, as seen by the database clock. */
    record LeaseInfo(String owner, Instant expiresAt, boolean expired, boolean cancelRequested) {
    }

    /** The outcome of renewing a lease inside a batch transaction. */
    record Renewal(boolean held, boolean cancelRequested) {
    }

    static final String BACKFILL = "backfill";
    static final String VERIFY = "verify";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, String>>> SAMPLE = new TypeReference<>() {
    };

    private final DataSource dataSource;

    JobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    // ---- leases -------------------------------------------------------------------------------

    /**
     * Takes the lease of (column, kind) for {@code owner} if nobody holds it or the holder's lease
     * expired. Atomic across gateways: the row's primary key serialises concurrent takers.
     */
    Optional<Lease> acquire(String columnId, String kind, String owner, Duration ttl) throws SQLException {
        String sql = """
                INSERT INTO phasegate.job_lease AS l (column_id, kind, owner, acquired_at, expires_at)
                VALUES (?, ?, ?, clock_timestamp(), clock_timestamp() + ?::interval)
                ON CONFLICT (column_id, kind) DO UPDATE
                   SET owner = EXCLUDED.owner, acquired_at = EXCLUDED.acquired_at,
                       expires_at = EXCLUDED.expires_at, cancel_requested = false
                 WHERE l.expires_at < clock_timestamp()
                RETURNING owner
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, columnId);
            ps.setString(2, kind);
            ps.setString(3, owner);
            ps.setString(4, interval(ttl));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Lease(columnId, kind, owner, ttl)) : Optional.empty();
            }
        }
    }

    Optional<LeaseInfo> lease(String columnId, String kind) throws SQLException {
        String sql = "SELECT owner, expires_at, expires_at < clock_timestamp(), cancel_requested "
                + "FROM phasegate.job_lease WHERE column_id = ? AND kind = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, columnId);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LeaseInfo(rs.getString(1), instant(rs, 2), rs.getBoolean(3), rs.getBoolean(4)));
            }
        }
    }

    /** Extends the lease from now; {@code held == false} means another runner took it over. */
    Renewal renew(Connection c, Lease lease) throws SQLException {
        String sql = "UPDATE phasegate.job_lease SET expires_at = clock_timestamp() + ?::interval "
                + "WHERE column_id = ? AND kind = ? AND owner = ? RETURNING cancel_requested";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, interval(lease.ttl()));
            ps.setString(2, lease.columnId());
            ps.setString(3, lease.kind());
            ps.setString(4, lease.owner());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Renewal(true, rs.getBoolean(1)) : new Renewal(false, false);
            }
        }
    }

    Renewal renew(Lease lease) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return renew(c, lease);
        }
    }

    void release(Lease lease) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM phasegate.job_lease WHERE column_id = ? AND kind = ? AND owner = ?")) {
            ps.setString(1, lease.columnId());
            ps.setString(2, lease.kind());
            ps.setString(3, lease.owner());
            ps.executeUpdate();
        }
    }

    /** Asks the live holder of (column, kind) to stop; false when no live lease exists. */
    boolean requestCancel(String columnId, String kind) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE phasegate.job_lease SET cancel_requested = true "
                        + "WHERE column_id = ? AND kind = ? AND expires_at >= clock_timestamp()")) {
            ps.setString(1, columnId);
            ps.setString(2, kind);
            return ps.executeUpdate() > 0;
        }
    }

    // ---- backfill runs ------------------------------------------------------------------------

    private static final String BACKFILL_COLUMNS = "id, column_id, direction, state, pause_reason, target_column, "
            + "expression, where_clause, batch_size, max_rows_per_second, key_columns, key_types, key_origin, "
            + "high_key, last_key, rows_done, rows_updated, rows_estimate, rows_per_second, batches, owner, "
            + "started_at, updated_at, finished_at, last_error";

    BackfillRun insertBackfill(String columnId, Direction direction, String target, String expression, String where,
                               int batchSize, int maxRowsPerSecond, TableKey key, List<String> highKey,
                               Long rowsEstimate, String owner, boolean alreadyDone) throws SQLException {
        String sql = "INSERT INTO phasegate.backfill_run (column_id, direction, state, target_column, expression, "
                + "where_clause, batch_size, max_rows_per_second, key_columns, key_types, key_origin, high_key, "
                + "rows_estimate, owner, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + (alreadyDone ? "clock_timestamp()" : "NULL") + ") RETURNING " + BACKFILL_COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, columnId);
            ps.setString(2, direction.wireName());
            ps.setString(3, (alreadyDone ? JobState.DONE : JobState.RUNNING).wireName());
            ps.setString(4, target);
            ps.setString(5, expression);
            ps.setString(6, where);
            ps.setInt(7, batchSize);
            ps.setInt(8, maxRowsPerSecond);
            ps.setArray(9, c.createArrayOf("text", key.columns().toArray()));
            ps.setArray(10, c.createArrayOf("text", key.types().toArray()));
            ps.setString(11, key.origin());
            ps.setArray(12, highKey == null ? null : c.createArrayOf("text", highKey.toArray()));
            setLong(ps, 13, rowsEstimate);
            ps.setString(14, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return backfill(rs);
            }
        }
    }

    /** Hands an unfinished run to a new runner, with the options of the new request. */
    BackfillRun resumeBackfill(long id, String owner, int batchSize, int maxRowsPerSecond) throws SQLException {
        String sql = "UPDATE phasegate.backfill_run SET state = 'running', pause_reason = NULL, owner = ?, "
                + "batch_size = ?, max_rows_per_second = ?, finished_at = NULL, updated_at = clock_timestamp() "
                + "WHERE id = ? RETURNING " + BACKFILL_COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            ps.setInt(2, batchSize);
            ps.setInt(3, maxRowsPerSecond);
            ps.setLong(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return backfill(rs);
            }
        }
    }

    /** Records a batch, in the batch's own transaction. False when the run has another owner now. */
    boolean backfillProgress(Connection c, long id, String owner, List<String> lastKey, long rows, long updated,
                             double rowsPerSecond) throws SQLException {
        String sql = "UPDATE phasegate.backfill_run SET last_key = ?, rows_done = rows_done + ?, "
                + "rows_updated = rows_updated + ?, rows_per_second = ?, batches = batches + 1, "
                + "state = 'running', pause_reason = NULL, updated_at = clock_timestamp() WHERE id = ? AND owner = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", lastKey.toArray()));
            ps.setLong(2, rows);
            ps.setLong(3, updated);
            ps.setDouble(4, rowsPerSecond);
            ps.setLong(5, id);
            ps.setString(6, owner);
            return ps.executeUpdate() == 1;
        }
    }

    /** Moves a run to {@code state}; a final state also records the finish time. */
    boolean backfillState(Connection c, long id, String owner, JobState state, String pauseReason, String lastError)
            throws SQLException {
        String sql = "UPDATE phasegate.backfill_run SET state = ?, pause_reason = ?, "
                + "last_error = coalesce(?, last_error), updated_at = clock_timestamp(), finished_at = "
                + (state.isFinal() ? "clock_timestamp()" : "NULL") + " WHERE id = ?"
                + (owner == null ? "" : " AND owner = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, state.wireName());
            ps.setString(2, pauseReason);
            ps.setString(3, lastError);
            ps.setLong(4, id);
            if (owner != null) {
                ps.setString(5, owner);
            }
            return ps.executeUpdate() == 1;
        }
    }

    boolean backfillState(long id, String owner, JobState state, String pauseReason, String lastError)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return backfillState(c, id, owner, state, pauseReason, lastError);
        }
    }

    Optional<BackfillRun> backfill(long id) throws SQLException {
        return oneBackfill("SELECT " + BACKFILL_COLUMNS + " FROM phasegate.backfill_run WHERE id = ?",
                ps -> ps.setLong(1, id));
    }

    /** The latest run of a column in one direction, or in either when {@code direction} is null. */
    Optional<BackfillRun> latestBackfill(String columnId, Direction direction) throws SQLException {
        if (direction == null) {
            return oneBackfill("SELECT " + BACKFILL_COLUMNS + " FROM phasegate.backfill_run WHERE column_id = ? "
                    + "ORDER BY id DESC LIMIT 1", ps -> ps.setString(1, columnId));
        }
        return oneBackfill("SELECT " + BACKFILL_COLUMNS + " FROM phasegate.backfill_run WHERE column_id = ? "
                + "AND direction = ? ORDER BY id DESC LIMIT 1", ps -> {
                    ps.setString(1, columnId);
                    ps.setString(2, direction.wireName());
                });
    }

    /** The latest run that finished successfully with this target and expression. */
    Optional<BackfillRun> latestCompletedBackfill(String columnId, Direction direction, String target,
                                                  String expression) throws SQLException {
        return oneBackfill("SELECT " + BACKFILL_COLUMNS + " FROM phasegate.backfill_run WHERE column_id = ? "
                + "AND direction = ? AND state = 'done' AND target_column = ? AND expression = ? "
                + "ORDER BY finished_at DESC, id DESC LIMIT 1", ps -> {
                    ps.setString(1, columnId);
                    ps.setString(2, direction.wireName());
                    ps.setString(3, target);
                    ps.setString(4, expression);
                });
    }

    /** Latest runs (per column and direction) left running or paused: their runner is gone or going. */
    List<BackfillRun> unfinishedBackfills() throws SQLException {
        String sql = "SELECT " + BACKFILL_COLUMNS + " FROM (SELECT DISTINCT ON (column_id, direction) * "
                + "FROM phasegate.backfill_run ORDER BY column_id, direction, id DESC) latest "
                + "WHERE state IN ('running', 'paused') ORDER BY id";
        List<BackfillRun> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                runs.add(backfill(rs));
            }
        }
        return runs;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private Optional<BackfillRun> oneBackfill(String sql, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(backfill(rs)) : Optional.empty();
            }
        }
    }

    private static BackfillRun backfill(ResultSet rs) throws SQLException {
        return new BackfillRun(
                rs.getLong("id"),
                rs.getString("column_id"),
                Direction.parse(rs.getString("direction")),
                JobState.parse(rs.getString("state")),
                rs.getString("pause_reason"),
                rs.getString("target_column"),
                rs.getString("expression"),
                rs.getString("where_clause"),
                rs.getInt("batch_size"),
                rs.getInt("max_rows_per_second"),
                new TableKey(TableKey.strings(rs.getArray("key_columns")), TableKey.strings(rs.getArray("key_types")),
                        rs.getString("key_origin")),
                TableKey.strings(rs.getArray("high_key")),
                TableKey.strings(rs.getArray("last_key")),
                rs.getLong("rows_done"),
                rs.getLong("rows_updated"),
                getLong(rs, "rows_estimate"),
                getDouble(rs, "rows_per_second"),
                rs.getLong("batches"),
                rs.getString("owner"),
                instant(rs, "started_at"),
                instant(rs, "updated_at"),
                instant(rs, "finished_at"),
                rs.getString("last_error"));
    }

    // ---- verification runs --------------------------------------------------------------------

    private static final String VERIFICATION_COLUMNS = "id, column_id, snapshot_version, mode, expression, state, "
            + "batch_size, key_columns, key_types, key_origin, high_key, last_key, rows_checked, mismatches, sample, "
            + "rows_estimate, rows_per_second, owner, started_at, updated_at, finished_at, last_error";

    VerificationRun insertVerification(String columnId, Long snapshotVersion, String mode, String expression,
                                       int batchSize, TableKey key, List<String> highKey, Long rowsEstimate,
                                       String owner, boolean alreadyDone) throws SQLException {
        String sql = "INSERT INTO phasegate.verification_run (column_id, snapshot_version, mode, expression, state, "
                + "batch_size, key_columns, key_types, key_origin, high_key, rows_estimate, owner, finished_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + (alreadyDone ? "clock_timestamp()" : "NULL")
                + ") RETURNING " + VERIFICATION_COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, columnId);
            setLong(ps, 2, snapshotVersion);
            ps.setString(3, mode);
            ps.setString(4, expression);
            ps.setString(5, (alreadyDone ? JobState.DONE : JobState.RUNNING).wireName());
            ps.setInt(6, batchSize);
            ps.setArray(7, c.createArrayOf("text", key.columns().toArray()));
            ps.setArray(8, c.createArrayOf("text", key.types().toArray()));
            ps.setString(9, key.origin());
            ps.setArray(10, highKey == null ? null : c.createArrayOf("text", highKey.toArray()));
            setLong(ps, 11, rowsEstimate);
            ps.setString(12, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return verification(rs);
            }
        }
    }

    boolean verificationProgress(Connection c, long id, String owner, List<String> lastKey, long rows,
                                 long mismatches, List<Map<String, String>> sample, double rowsPerSecond)
            throws SQLException {
        String sql = "UPDATE phasegate.verification_run SET last_key = ?, rows_checked = rows_checked + ?, "
                + "mismatches = mismatches + ?, sample = ?::jsonb, rows_per_second = ?, updated_at = clock_timestamp() "
                + "WHERE id = ? AND owner = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", lastKey.toArray()));
            ps.setLong(2, rows);
            ps.setLong(3, mismatches);
            ps.setString(4, json(sample));
            ps.setDouble(5, rowsPerSecond);
            ps.setLong(6, id);
            ps.setString(7, owner);
            return ps.executeUpdate() == 1;
        }
    }

    boolean verificationState(Connection c, long id, String owner, JobState state, String lastError)
            throws SQLException {
        String sql = "UPDATE phasegate.verification_run SET state = ?, last_error = coalesce(?, last_error), "
                + "updated_at = clock_timestamp(), finished_at = " + (state.isFinal() ? "clock_timestamp()" : "NULL")
                + " WHERE id = ?" + (owner == null ? "" : " AND owner = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, state.wireName());
            ps.setString(2, lastError);
            ps.setLong(3, id);
            if (owner != null) {
                ps.setString(4, owner);
            }
            return ps.executeUpdate() == 1;
        }
    }

    boolean verificationState(long id, String owner, JobState state, String lastError) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return verificationState(c, id, owner, state, lastError);
        }
    }

    /** Marks verification runs of a column still "running" without a runner as failed. */
    int failAbandonedVerifications(String columnId, String message) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE phasegate.verification_run SET state = 'failed', last_error = ?, "
                        + "finished_at = clock_timestamp(), updated_at = clock_timestamp() "
                        + "WHERE column_id = ? AND state = 'running'")) {
            ps.setString(1, message);
            ps.setString(2, columnId);
            return ps.executeUpdate();
        }
    }

    Optional<VerificationRun> verification(long id) throws SQLException {
        return oneVerification("SELECT " + VERIFICATION_COLUMNS + " FROM phasegate.verification_run WHERE id = ?",
                ps -> ps.setLong(1, id));
    }

    Optional<VerificationRun> latestVerification(String columnId) throws SQLException {
        return oneVerification("SELECT " + VERIFICATION_COLUMNS + " FROM phasegate.verification_run "
                + "WHERE column_id = ? ORDER BY id DESC LIMIT 1", ps -> ps.setString(1, columnId));
    }

    /** The latest finished verification in this mode with this expression. */
    Optional<VerificationRun> latestCompletedVerification(String columnId, String mode, String expression)
            throws SQLException {
        return oneVerification("SELECT " + VERIFICATION_COLUMNS + " FROM phasegate.verification_run "
                + "WHERE column_id = ? AND state = 'done' AND mode = ? AND expression IS NOT DISTINCT FROM ? "
                + "ORDER BY finished_at DESC, id DESC LIMIT 1", ps -> {
                    ps.setString(1, columnId);
                    ps.setString(2, mode);
                    ps.setString(3, expression);
                });
    }

    private Optional<VerificationRun> oneVerification(String sql, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(verification(rs)) : Optional.empty();
            }
        }
    }

    private static VerificationRun verification(ResultSet rs) throws SQLException {
        return new VerificationRun(
                rs.getLong("id"),
                rs.getString("column_id"),
                getLong(rs, "snapshot_version"),
                rs.getString("mode"),
                rs.getString("expression"),
                JobState.parse(rs.getString("state")),
                rs.getInt("batch_size"),
                new TableKey(TableKey.strings(rs.getArray("key_columns")), TableKey.strings(rs.getArray("key_types")),
                        rs.getString("key_origin")),
                TableKey.strings(rs.getArray("high_key")),
                TableKey.strings(rs.getArray("last_key")),
                rs.getLong("rows_checked"),
                rs.getLong("mismatches"),
                sample(rs.getString("sample")),
                getLong(rs, "rows_estimate"),
                getDouble(rs, "rows_per_second"),
                rs.getString("owner"),
                instant(rs, "started_at"),
                instant(rs, "updated_at"),
                instant(rs, "finished_at"),
                rs.getString("last_error"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    static String interval(Duration d) {
        return d.toMillis() + " milliseconds";
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Double getDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String json(List<Map<String, String>> sample) {
        try {
            return JSON.writeValueAsString(sample);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of string maps always serialises", e);
        }
    }

    private static List<Map<String, String>> sample(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, SAMPLE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("phasegate.verification_run.sample is not a list of key objects: " + json, e);
        }
    }

}
