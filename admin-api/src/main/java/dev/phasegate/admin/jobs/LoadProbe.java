package dev.phasegate.admin.jobs;

import dev.phasegate.config.column.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * What a backfill looks at between batches to decide whether to pause: replication lag and lock
 * waits. {@link #postgres()} asks the server; tests can substitute a probe (a replica is not
 * something a test fixture can lag on demand).
 */
public interface LoadProbe {

    /**
     * The longest replay lag of any standby streaming from this server, or zero when there is none
     * (or when lag is unknown: {@code replay_lag} is NULL while a standby is idle and caught up).
     */
    Duration replicationLag(Connection c) throws SQLException;

    /**
     * The longest current lock wait of a backend that is working on {@code table} (it holds or awaits
     * a lock on it), other than the caller; empty when nobody waits. A backfill's row locks make
     * application writes wait; this is how it notices.
     */
    Optional<LockWait> longestLockWait(Connection c, TableName table) throws SQLException;

    /**
     * A backend waiting for a lock.
     *
     * @param pid       its process id
     * @param waited    for how long so far
     * @param lockType  {@code pg_locks.locktype} of the awaited lock ({@code relation}, {@code transactionid}…)
     */
    record LockWait(int pid, Duration waited, String lockType) {
    }

    /** Reads {@code pg_stat_replication} and {@code pg_locks} (PostgreSQL 14+ for {@code waitstart}). */
    static LoadProbe postgres() {
        return new LoadProbe() {
            @Override
            public Duration replicationLag(Connection c) throws SQLException {
                // Rows of pg_stat_replication are visible to everyone, but lag columns only to
                // superusers and members of pg_monitor / pg_read_all_stats: grant one to the job's role.
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(extract(epoch FROM max(replay_lag)), 0) FROM pg_stat_replication");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Duration.ofNanos((long) (rs.getDouble(1) * 1e9));
                }
            }

            @Override
            public Optional<LockWait> longestLockWait(Connection c, TableName table) throws SQLException {
                // A waiter on a row lock awaits a transactionid (or tuple) lock, not the table;
                // it is attributed to the table through the lock it holds on it (RowExclusiveLock).
                String sql = """
                        SELECT w.pid, extract(epoch FROM clock_timestamp() - w.waitstart), w.locktype
                        FROM pg_locks w
                        WHERE NOT w.granted AND w.waitstart IS NOT NULL AND w.pid <> pg_backend_pid()
                          AND (w.relation = to_regclass(?)
                               OR EXISTS (SELECT 1 FROM pg_locks h
                                          WHERE h.pid = w.pid AND h.relation = to_regclass(?)))
                        ORDER BY w.waitstart
                        LIMIT 1
                        """;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, table.toSql());
                    ps.setString(2, table.toSql());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.empty();
                        }
                        return Optional.of(new LockWait(rs.getInt(1), Duration.ofNanos((long) (rs.getDouble(2) * 1e9)),
                                rs.getString(3)));
                    }
                }
            }
        };
    }
}
