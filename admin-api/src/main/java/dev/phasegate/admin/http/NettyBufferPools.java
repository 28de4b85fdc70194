package dev.phasegate.admin.http;

import dev.phasegate.admin.metrics.PhasegateMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;

/**
 * Adapts a Netty allocator's metrics to {@link PhasegateMetrics.BufferPoolStats}, so the metrics
 * package stays free of Netty. The gateway binds its allocator with
 * {@code metrics.bindBufferPool("default", NettyBufferPools.stats(ByteBufAllocator.DEFAULT))}.
 */
public final class NettyBufferPools {

    private NettyBufferPools() {
    }

    /** Stats of {@code allocator}; zeros when it exposes no metrics. */
    public static PhasegateMetrics.BufferPoolStats stats(ByteBufAllocator allocator) {
        if (allocator instanceof PooledByteBufAllocator pooled) {
            PooledByteBufAllocatorMetric metric = pooled.metric();
            return new PhasegateMetrics.BufferPoolStats() {
                @Override
                public long usedHeapMemory() {
                    return metric.usedHeapMemory();
                }

                @Override
                public long usedDirectMemory() {
                    return metric.usedDirectMemory();
                }

                @Override
                public boolean pooled() {
                    return true;
                }

                @Override
                public int heapArenas() {
                    return metric.numHeapArenas();
                }

                @Override
                public int directArenas() {
                    return metric.numDirectArenas();
                }

                @Override
                public int threadLocalCaches() {
                    return metric.numThreadLocalCaches();
                }
            };
        }
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            return new PhasegateMetrics.BufferPoolStats() {
                @Override
                public long usedHeapMemory() {
                    return metric.usedHeapMemory();
                }

                @Override
                public long usedDirectMemory() {
                    return metric.usedDirectMemory();
                }
            };
        }
        return new PhasegateMetrics.BufferPoolStats() {
            @Override
            public long usedHeapMemory() {
                return 0;
            }

            @Override
            public long usedDirectMemory() {
                return 0;
            }
        };
    }
}
