package dev.phasegate.admin.audit;

import dev.phasegate.config.column.ColumnId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per-column counts of audited statements in one-second buckets, kept for a retention period;
 * what the guard rails ask ("any read of the source in the last ten minutes?") independent of how
 * many records the ring buffer holds. Counts every action (for the API's counters) and the
 * {@link AuditCounts.Kind}s the guard rails need.
 *
 * <p>Updated by the audit writer thread only; read by the admin API and the count publisher.
 */
public final class AuditCounters {

    /** One bucket, for sharing counts across gateways. */
    public record Bucket(ColumnId column, AuditCounts.Kind kind, long epochSecond, long count) {
    }

    private final Duration retention;
    private final Map<ColumnId, PerColumn> columns = new HashMap<>();

    private static final class PerColumn {
        final Map<AuditAction, Buckets> actions = new EnumMap<>(AuditAction.class);
        final Map<AuditCounts.Kind, Buckets> kinds = new EnumMap<>(AuditCounts.Kind.class);
        final Map<AuditCounts.Kind, Instant> last = new EnumMap<>(AuditCounts.Kind.class);
    }

    /**
     * Counts by epoch second. Records arrive in about time order, so the bucket of the second last
     * counted is kept at hand: a busy writer then counts with a compare instead of a tree lookup
     * and a boxed key.
     */
    private static final class Buckets {
        final NavigableMap<Long, long[]> bySecond = new TreeMap<>();
        private long lastSecond = Long.MIN_VALUE;
        private long[] lastCount;

        void increment(long second) {
            if (second != lastSecond) {
                lastCount = bySecond.computeIfAbsent(second, s -> new long[1]);
                lastSecond = second;
            }
            lastCount[0]++;
        }

        void dropBefore(long oldest) {
            bySecond.headMap(oldest, false).clear();
            if (lastSecond < oldest) {
                lastSecond = Long.MIN_VALUE; // its bucket just went
                lastCount = null;
            }
        }
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
            c.actions.computeIfAbsent(record.action(), a -> new Buckets()).increment(second);
            if (column.readsSource()) {
                count(c, AuditCounts.Kind.SOURCE_READ, record.time());
            }
            if (column.referencesSource()) {
                count(c, AuditCounts.Kind.SOURCE_REFERENCE, record.time());
            }
            if (column.newOnlyWrite()) {
                count(c, AuditCounts.Kind.NEW_ONLY_WRITE, record.time());
            }
            if (record.action() == AuditAction.SHADOWED) {
                count(c, AuditCounts.Kind.SHADOWED, record.time());
            } else if (record.action() == AuditAction.SHADOW_MISMATCH) {
                count(c, AuditCounts.Kind.SHADOW_MISMATCH, record.time());
            }
        }
    }

    private static void count(PerColumn c, AuditCounts.Kind kind, Instant time) {
        c.kinds.computeIfAbsent(kind, k -> new Buckets()).increment(time.getEpochSecond());
        c.last.merge(kind, time, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Drops buckets older than the retention. */
    synchronized void prune(Instant now) {
        long oldest = now.minus(retention).getEpochSecond();
        for (PerColumn c : columns.values()) {
            c.actions.values().forEach(buckets -> buckets.dropBefore(oldest));
            c.kinds.values().forEach(buckets -> buckets.dropBefore(oldest));
        }
    }

    /** Statements of {@code kind} on {@code column} at or after {@code since} (whole first second included). */
    public synchronized long countSince(ColumnId column, AuditCounts.Kind kind, Instant since) {
        PerColumn c = columns.get(column);
        return c == null ? 0 : sum(c.kinds.get(kind), since.getEpochSecond(), true);
    }

    /** Statements of {@code kind} on {@code column} strictly after the second of {@code after}. */
    public synchronized long countAfter(ColumnId column, AuditCounts.Kind kind, Instant after) {
        PerColumn c = columns.get(column);
        return c == null ? 0 : sum(c.kinds.get(kind), after.getEpochSecond(), false);
    }

    /** When {@code kind} was last counted for {@code column}. */
    public synchronized Optional<Instant> last(ColumnId column, AuditCounts.Kind kind) {
        PerColumn c = columns.get(column);
        return c == null ? Optional.empty() : Optional.ofNullable(c.last.get(kind));
    }

    /** Records by action for {@code column} since {@code since}; actions never seen are left out. */
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

    /** Every guard-rail bucket at or after {@code fromSecond}, for sharing with other gateways. */
    public synchronized List<Bucket> buckets(long fromSecond) {
        List<Bucket> result = new ArrayList<>();
        columns.forEach((id, c) -> c.kinds.forEach((kind, buckets) -> buckets.bySecond.tailMap(fromSecond, true)
                .forEach((second, n) -> result.add(new Bucket(id, kind, second, n[0])))));
        return result;
    }

    private static long sum(Buckets buckets, long fromSecond, boolean inclusive) {
        if (buckets == null) {
            return 0;
        }
        long total = 0;
        for (long[] n : buckets.bySecond.tailMap(fromSecond, inclusive).values()) {
            total += n[0];
        }
        return total;
    }
}
