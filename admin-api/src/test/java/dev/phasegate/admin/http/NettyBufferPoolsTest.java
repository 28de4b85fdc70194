package dev.phasegate.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.admin.metrics.PhasegateMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class NettyBufferPoolsTest {

    @Test
    void aPooledAllocatorReportsMemoryInUseArenasAndCaches() {
        PooledByteBufAllocator allocator = new PooledByteBufAllocator(true, 2, 3, 8192, 9);
        PhasegateMetrics.BufferPoolStats stats = NettyBufferPools.stats(allocator);
        long before = stats.usedDirectMemory();

        ByteBuf buf = allocator.directBuffer(64 * 1024);
        try {
            assertThat(stats.usedDirectMemory()).isGreaterThan(before);
        } finally {
            buf.release();
        }
        assertThat(stats.pooled()).isTrue();
        assertThat(stats.heapArenas()).isEqualTo(2);
        assertThat(stats.directArenas()).isEqualTo(3);
        assertThat(stats.threadLocalCaches()).isEqualTo(allocator.metric().numThreadLocalCaches());
    }

    @Test
    void anUnpooledAllocatorReportsMemoryInUseOnly() {
        UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
        PhasegateMetrics.BufferPoolStats stats = NettyBufferPools.stats(allocator);

        ByteBuf buf = allocator.heapBuffer(4096);
        try {
            assertThat(stats.usedHeapMemory()).isGreaterThanOrEqualTo(4096);
        } finally {
            buf.release();
        }
        assertThat(stats.pooled()).isFalse();
        assertThat(stats.directArenas()).isZero();
    }
}
