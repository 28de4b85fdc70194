package dev.phasegate.admin.audit;

import dev.phasegate.config.column.ColumnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit counts shared by every gateway on one database, through tables in schema
 * {@code phasegate} (migration V2): each gateway publishes its per-second guard-rail counts and a
 * heartbeat every {@code publishEvery}; questions are answered by summing every gateway's rows.
 *
 * <p>Coverage is conservative: the counts are complete only from the latest start (or dropped
 * record) of any gateway that reported within {@code goneAfter}, so a restart anywhere makes the
 * audit-window guard rails wait one window. A gateway that reported within {@code goneAfter} but
 * not within three publish intervals may be serving traffic nobody sees, so the counts are then
 * unknown ({@link #coverageStart()} empty) and the guard rails refuse. A gateway that closes
 * cleanly publishes its last counts and removes its heartbeat; its counts stay until they expire.
 *
 * <p>Counts from other gateways are at most one publish interval old.
 */
public final class SharedAuditCounts implements AuditCounts, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedAuditCounts.class);

    private final DataSource dataSource;
    private final AuditLog local;
    private final Duration publishEvery;
    private final Duration staleAfter;
    private final Duration goneAfter;
    private final Clock clock;
    private final Object publishLock = new Object();
    private long publishedUpTo = Long.MIN_VALUE;
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param local        this gateway's audit log (its counts are published)
     * @param publishEvery how often this gateway publishes (e.g. 1 s)
     * @param goneAfter    a gateway silent this long is considered gone (e.g. the audit window)
     */
    public SharedAuditCounts(DataSource dataSource, AuditLog local, Duration publishEvery, Duration goneAfter,
                             Clock clock) {
        this.dataSource = dataSource;
        this.local = local;
        this.publishEvery = publishEvery;
        this.staleAfter = publishEvery.multipliedBy(3).plusSeconds(2);
        this.goneAfter = goneAfter.compareTo(staleAfter) > 0 ? goneAfter : staleAfter.multipliedBy(2);
        this.clock = clock;
    }

    /** Publishes once now and then every interval on a daemon thread. */
    public synchronized SharedAuditCounts start() {
        publishQuietly();
        thread = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(publishEvery.toMillis());
                } catch (InterruptedException e) {
                    if (closed) {
                        return;
                    }
                }
                publishQuietly();
            }
        }, "phasegate-audit-counts");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (SQLException | RuntimeException e) {
            log.warn("Cannot publish audit counts to the phase store: {}", e.toString());
        }
    }

    /**
     * Writes this gateway's counts (buckets that may have changed since the last publish) and its
     * heartbeat. Idempotent: bucket counts are absolute, not increments.
     */
    public void publish() throws SQLException {
        synchronized (publishLock) {
            Instant now = clock.instant();
            // Records reach the counts a little after their time: re-send the recent past too.
            long from = publishedUpTo == Long.MIN_VALUE ? Long.MIN_VALUE
                    : publishedUpTo - Math.max(10, publishEvery.toSeconds() * 3);
            List<AuditCounters.Bucket> buckets = local.counters().buckets(from);
            Instant coverage = local.lastDropAt().filter(d -> d.isAfter(local.startedAt())).orElse(local.startedAt());
            long horizon = now.minus(local.counters().retention()).getEpochSecond();
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO phasegate.audit_counts (column_id, kind, "
                            + "second, gateway_id, count) VALUES (?, ?, ?, ?, ?) ON CONFLICT (column_id, kind, second, "
                            + "gateway_id) DO UPDATE SET count = excluded.count")) {
                        for (AuditCounters.Bucket b : buckets) {
                            ps.setString(1, b.column().toString());
                            ps.setString(2, b.kind().wireName());
                            ps.setLong(3, b.epochSecond());
                            ps.setString(4, local.gatewayId());
                            ps.setLong(5, b.count());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO phasegate.audit_gateways (gateway_id, "
                            + "started_at, coverage_start, reported_at) VALUES (?, ?, ?, ?) ON CONFLICT (gateway_id) "
                            + "DO UPDATE SET coverage_start = excluded.coverage_start, reported_at = excluded.reported_at")) {
                        ps.setString(1, local.gatewayId());
                        ps.setTimestamp(2, Timestamp.from(local.startedAt()));
                        ps.setTimestamp(3, Timestamp.from(coverage));
                        ps.setTimestamp(4, Timestamp.from(now));
                        ps.executeUpdate();
                    }
                    // Housekeeping anyone may do: counts past the retention, gateways long gone.
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM phasegate.audit_counts WHERE second < ?")) {
                        ps.setLong(1, horizon);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM phasegate.audit_gateways WHERE reported_at < ?")) {
                        ps.setTimestamp(1, Timestamp.from(now.minus(local.counters().retention())));
                        ps.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
            publishedUpTo = now.getEpochSecond();
        }
    }

    @Override
    public long countSince(ColumnId column, Kind kind, Instant since) {
        return sum(column, kind, since.getEpochSecond(), true);
    }

    @Override
    public long countAfter(ColumnId column, Kind kind, Instant after) {
        return sum(column, kind, after.getEpochSecond(), false);
    }

    @Override
    public Optional<Instant> last(ColumnId column, Kind kind) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT max(second) FROM phasegate.audit_counts WHERE column_id = ? AND kind = ? AND count > 0")) {
            ps.setString(1, column.toString());
            ps.setString(2, kind.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long second = rs.getLong(1);
                // The end of that second: a later moment is the safe side for "since the last mismatch".
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(second + 1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read shared audit counts: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes this gateway's latest counts, then answers from every gateway's heartbeat; empty
     * when a gateway that should be reporting is behind, or the store cannot be read.
     */
    @Override
    public Optional<Instant> coverageStart() {
        Instant now = clock.instant();
        try {
            publish();
            Instant coverage = Instant.EPOCH;
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT gateway_id, coverage_start, reported_at FROM phasegate.audit_gateways");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant reported = rs.getTimestamp(3).toInstant();
                    if (reported.isBefore(now.minus(goneAfter))) {
                        continue;
                    }
                    if (reported.isBefore(now.minus(staleAfter))) {
                        log.warn("Gateway {} has not reported audit counts since {}: audit-based guard rails are "
                                + "unknown until it reports or {} have passed", rs.getString(1), reported, goneAfter);
                        return Optional.empty();
                    }
                    Instant start = rs.getTimestamp(2).toInstant();
                    if (start.isAfter(coverage)) {
                        coverage = start;
                    }
                }
            }
            Instant horizon = now.minus(local.counters().retention());
            return Optional.of(horizon.isAfter(coverage) ? horizon : coverage);
        } catch (SQLException | RuntimeException e) {
            log.warn("Cannot read shared audit counts; audit-based guard rails are unknown: {}", e.toString());
            return Optional.empty();
        }
    }

    private long sum(ColumnId column, Kind kind, long second, boolean inclusive) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(sum(count), 0) FROM phasegate.audit_counts WHERE column_id = ? AND kind = ? AND second "
                        + (inclusive ? ">=" : ">") + " ?")) {
            ps.setString(1, column.toString());
            ps.setString(2, kind.wireName());
            ps.setLong(3, second);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read shared audit counts: " + e.getMessage(), e);
        }
    }

    /** Publishes the last counts and removes this gateway's heartbeat, so it does not block others. */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            local.flush(Duration.ofSeconds(2));
            publish();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM phasegate.audit_gateways WHERE gateway_id = ?")) {
                ps.setString(1, local.gatewayId());
                ps.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Cannot publish the last audit counts: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
