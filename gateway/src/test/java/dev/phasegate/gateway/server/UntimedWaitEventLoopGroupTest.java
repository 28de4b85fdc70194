package dev.phasegate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.gateway.server.UntimedWaitEventLoopGroup.UntimedWaitEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Loops that sleep without a timer when nothing is scheduled must still run scheduled tasks on
 * time, on every transport: a task scheduled from the loop itself or from another thread wakes the
 * loop at its deadline, not at some later periodic wake-up (there is none).
 */
class UntimedWaitEventLoopGroupTest {

    /** Far below the one-second wake-up Netty's own loops would have fallen back on. */
    private static final long LATE_MILLIS = 700;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reportsNoDeadlineWhileNothingIsScheduledAndTheEarliestTaskOtherwise(Transport transport) throws Exception {
        assumeAvailable(transport);
        UntimedWaitEventLoopGroup group = group(transport);
        try {
            UntimedWaitEventLoop loop = (UntimedWaitEventLoop) group.next();
            assertThat(deadlineNanos(loop)).isEqualTo(-1L);

            ScheduledFuture<?> later = loop.schedule(() -> { }, 1, TimeUnit.HOURS);
            ScheduledFuture<?> sooner = loop.schedule(() -> { }, 10, TimeUnit.MINUTES);
            long deadline = deadlineNanos(loop);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(deadline - loop.ticker().nanoTime()))
                    .as("seconds to the earliest task, the ten-minute one").isBetween(590L, 600L);

            sooner.cancel(false);
            later.cancel(false);
            assertThat(deadlineNanos(loop)).isEqualTo(-1L);
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTaskScheduledByTheLoopItselfWakesItAtItsDeadline(Transport transport) throws Exception {
        assumeAvailable(transport);
        UntimedWaitEventLoopGroup group = group(transport);
        try {
            UntimedWaitEventLoop loop = (UntimedWaitEventLoop) group.next();
            CountDownLatch ran = new CountDownLatch(1);
            long start = System.nanoTime();
            // Scheduled from inside the loop: no wake-up is sent, the loop must arm a timer for it
            // before it goes back to sleep.
            loop.execute(() -> loop.schedule(ran::countDown, 100, TimeUnit.MILLISECONDS));
            assertThat(ran.await(5, TimeUnit.SECONDS)).as("the task ran").isTrue();
            assertThat(elapsedMillis(start)).isBetween(100L, LATE_MILLIS);
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTaskScheduledFromAnotherThreadWakesASleepingLoopAtItsDeadline(Transport transport) throws Exception {
        assumeAvailable(transport);
        UntimedWaitEventLoopGroup group = group(transport);
        try {
            UntimedWaitEventLoop loop = (UntimedWaitEventLoop) group.next();
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
            Thread.sleep(200); // the loop is now asleep with no timer armed
            CountDownLatch ran = new CountDownLatch(1);
            long start = System.nanoTime();
            loop.schedule(ran::countDown, 100, TimeUnit.MILLISECONDS);
            assertThat(ran.await(5, TimeUnit.SECONDS)).as("the task ran").isTrue();
            assertThat(elapsedMillis(start)).isBetween(100L, LATE_MILLIS);
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The deadline the loop hands its I/O handler, read on the loop's own thread. */
    private static long deadlineNanos(UntimedWaitEventLoop loop) throws Exception {
        return loop.submit(() -> loop.deadlineNanos()).get(5, TimeUnit.SECONDS);
    }

    private static UntimedWaitEventLoopGroup group(Transport transport) {
        return new UntimedWaitEventLoopGroup(1, new DefaultThreadFactory("untimed-wait-test"),
                transport.ioHandlerFactory());
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void assumeAvailable(Transport transport) {
        boolean available = switch (transport) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
        Assumptions.assumeTrue(available, () -> transport + " is not available on this machine");
    }
}
