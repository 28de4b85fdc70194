package dev.phasegate.admin.http;

import dev.phasegate.admin.metrics.PhasegateMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import java.util.function.LongSupplier;

/**
 * Adapts a Netty allocator's metrics to {@link PhasegateMetrics.BufferPoolStats}, so the metrics
 * package stays free of Netty. The gateway binds its allocator with
 * {@code metrics.bindBufferPool("default", NettyBufferPools.stats(ByteBufAllocator.DEFAULT))}.
 */
public final class NettyBufferPools {

    /** For an allocator that exposes no metrics. */
    private static final PhasegateMetrics.BufferPoolStats NONE = new MetricStats(() -> 0, () -> 0);

    private NettyBufferPools() {
    }

    /** Stats of {@code allocator}; zeros when it exposes no metrics. */
    public static PhasegateMetrics.BufferPoolStats stats(ByteBufAllocator allocator) {
        if (allocator instanceof PooledByteBufAllocator pooled) {
            return new PooledStats(pooled.metric());
        }
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            return new MetricStats(provider.metric());
        }
        return NONE;
    }

    /** Memory in use, from any allocator's metric. */
    private static class MetricStats implements PhasegateMetrics.BufferPoolStats {
        private final LongSupplier heap;
        private final LongSupplier direct;

        MetricStats(ByteBufAllocatorMetric metric) {
            this(metric::usedHeapMemory, metric::usedDirectMemory);
        }

        MetricStats(LongSupplier heap, LongSupplier direct) {
            this.heap = heap;
            this.direct = direct;
        }

        @Override
        public long usedHeapMemory() {
            return heap.getAsLong();
        }

        @Override
        public long usedDirectMemory() {
            return direct.getAsLong();
        }
    }

    /** A pooled allocator adds its arenas and thread-local caches. */
    private static final class PooledStats extends MetricStats {
        private final PooledByteBufAllocatorMetric pooled;

        PooledStats(PooledByteBufAllocatorMetric pooled) {
            super(pooled);
            this.pooled = pooled;
        }

        @Override
        public boolean pooled() {
            return true;
        }

        @Override
        public int heapArenas() {
            return pooled.numHeapArenas();
        }

        @Override
        public int directArenas() {
            return pooled.numDirectArenas();
        }

        @Override
        public int threadLocalCaches() {
            return pooled.numThreadLocalCaches();
        }
    }
}
