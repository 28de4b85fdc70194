package dev.phasegate.admin.audit;

import dev.phasegate.config.column.ColumnId;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per-column counts of audited statements in one-second buckets, kept for a retention period;
 * what the guard rails ask ("any read of the source in the last ten minutes?") independent of how
 * many records the ring buffer holds.
 *
 * <p>Bucketing makes counts inexact at the edges of a window, so each question is answered in the
 * safe direction: {@link #countSince} includes the whole bucket of the start instant (may
 * over-count a reference to the source), {@link #countAfter} excludes it (may under-count clean
 * shadow reads). Updated by the audit writer thread only; read by the admin API.
 */
public final class AuditCounters {

    /** What is counted besides the actions themselves. */
    public enum Usage { SOURCE_READ, SOURCE_REFERENCE, NEW_ONLY_WRITE }

    private final Duration retention;
    private final Map<ColumnId, PerColumn> columns = new HashMap<>();

    private static final class PerColumn {
        final Map<AuditAction, NavigableMap<Long, long[]>> actions = new EnumMap<>(AuditAction.class);
        final Map<Usage, NavigableMap<Long, long[]>> usages = new EnumMap<>(Usage.class);
        final Map<AuditAction, Instant> lastAction = new EnumMap<>(AuditAction.class);
    }

    public AuditCounters(Duration retention) {
        this.retention = retention;
    }

    public Duration retention() {
        return retention;
    }

    synchronized void add(AuditRecord record) {
        long second = record.time().getEpochSecond();
        for (AuditColumn column : record.columns()) {
            PerColumn c = columns.computeIfAbsent(column.id(), id -> new PerColumn());
            increment(c.actions.computeIfAbsent(record.action(), a -> new TreeMap<>()), second);
            c.lastAction.merge(record.action(), record.time(), (a, b) -> a.isAfter(b) ? a : b);
            if (column.readsSource()) {
                increment(c.usages.computeIfAbsent(Usage.SOURCE_READ, u -> new TreeMap<>()), second);
            }
            if (column.referencesSource()) {
                increment(c.usages.computeIfAbsent(Usage.SOURCE_REFERENCE, u -> new TreeMap<>()), second);
            }
            if (column.newOnlyWrite()) {
                increment(c.usages.computeIfAbsent(Usage.NEW_ONLY_WRITE, u -> new TreeMap<>()), second);
            }
        }
    }

    /** Drops buckets older than the retention. */
    synchronized void prune(Instant now) {
        long oldest = now.minus(retention).getEpochSecond();
        for (PerColumn c : columns.values()) {
            c.actions.values().forEach(buckets -> buckets.headMap(oldest, false).clear());
            c.usages.values().forEach(buckets -> buckets.headMap(oldest, false).clear());
        }
    }

    /** Records of {@code action} touching {@code column} at or after {@code since} (whole first second included). */
    public synchronized long countSince(ColumnId column, AuditAction action, Instant since) {
        PerColumn c = columns.get(column);
        return c == null ? 0 : sum(c.actions.get(action), since.getEpochSecond(), true);
    }

    /** Records of {@code action} touching {@code column} strictly after the second of {@code after}. */
    public synchronized long countAfter(ColumnId column, AuditAction action, Instant after) {
        PerColumn c = columns.get(column);
        return c == null ? 0 : sum(c.actions.get(action), after.getEpochSecond(), false);
    }

    /** Statements using the source of {@code column} at or after {@code since} (whole first second included). */
    public synchronized long countSince(ColumnId column, Usage usage, Instant since) {
        PerColumn c = columns.get(column);
        return c == null ? 0 : sum(c.usages.get(usage), since.getEpochSecond(), true);
    }

    /** When {@code action} was last recorded for {@code column}, if within what is kept. */
    public synchronized Optional<Instant> last(ColumnId column, AuditAction action) {
        PerColumn c = columns.get(column);
        return c == null ? Optional.empty() : Optional.ofNullable(c.lastAction.get(action));
    }

    /** Counts by action for {@code column} since {@code since}; actions never seen are left out. */
    public synchronized Map<AuditAction, Long> byAction(ColumnId column, Instant since) {
        Map<AuditAction, Long> result = new EnumMap<>(AuditAction.class);
        PerColumn c = columns.get(column);
        if (c != null) {
            c.actions.forEach((action, buckets) -> {
                long n = sum(buckets, since.getEpochSecond(), true);
                if (n > 0) {
                    result.put(action, n);
                }
            });
        }
        return result;
    }

    private static void increment(NavigableMap<Long, long[]> buckets, long second) {
        buckets.computeIfAbsent(second, s -> new long[1])[0]++;
    }

    private static long sum(NavigableMap<Long, long[]> buckets, long fromSecond, boolean inclusive) {
        if (buckets == null) {
            return 0;
        }
        long total = 0;
        for (long[] n : buckets.tailMap(fromSecond, inclusive).values()) {
            total += n[0];
        }
        return total;
    }
}
