package dev.phasegate.rewriter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.function.Supplier;

/**
 * Plans by statement text, phase-snapshot version and catalog version: a flip or a catalog refresh
 * makes every old entry unreachable (they age out), so a cached plan never outlives what it was
 * computed from. Bounded by entry count (Caffeine's W-TinyLFU eviction). Thread-safe.
 */
public final class PlanCache {

    private record Key(String sql, long snapshotVersion, long catalogVersion) {
    }

    private final Cache<Key, RewritePlan> cache;
    private final long maximumSize;

    public PlanCache(long maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("maximumSize must not be negative");
        }
        this.maximumSize = maximumSize;
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
    }

    /** The cached plan, or the one {@code planner} computes (once per key, even under contention). */
    public RewritePlan get(String sql, long snapshotVersion, long catalogVersion, Supplier<RewritePlan> planner) {
        return cache.get(new Key(sql, snapshotVersion, catalogVersion), k -> planner.get());
    }

    public long hitCount() {
        return cache.stats().hitCount();
    }

    public long missCount() {
        return cache.stats().missCount();
    }

    /** Caffeine's full statistics (evictions, load times), for a metrics binder. */
    public CacheStats stats() {
        return cache.stats();
    }

    /** Approximate number of cached plans. */
    public long size() {
        return cache.estimatedSize();
    }

    public long maximumSize() {
        return maximumSize;
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }
}
