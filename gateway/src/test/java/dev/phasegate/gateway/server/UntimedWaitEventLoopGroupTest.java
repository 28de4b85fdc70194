package dev.phasegate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.gateway.server.UntimedWaitEventLoopGroup.UntimedWaitEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
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

    private UntimedWaitEventLoopGroup group;

    @AfterEach
    void shutDown() {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reportsNoDeadlineWhileNothingIsScheduledAndTheEarliestTaskOtherwise(Transport transport) throws Exception {
        UntimedWaitEventLoop loop = loopOn(transport);
        assertThat(deadlineNanos(loop)).isEqualTo(-1L);

        ScheduledFuture<?> later = loop.schedule(() -> { }, 1, TimeUnit.HOURS);
        ScheduledFuture<?> sooner = loop.schedule(() -> { }, 10, TimeUnit.MINUTES);
        long deadline = deadlineNanos(loop);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(deadline - loop.ticker().nanoTime()))
                .as("seconds to the earliest task, the ten-minute one").isBetween(590L, 600L);

        sooner.cancel(false);
        later.cancel(false);
        assertThat(deadlineNanos(loop)).isEqualTo(-1L);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTaskScheduledByTheLoopItselfWakesItAtItsDeadline(Transport transport) throws Exception {
        UntimedWaitEventLoop loop = loopOn(transport);
        // Scheduled from inside the loop: no wake-up is sent, the loop must arm a timer for it
        // before it goes back to sleep.
        assertRunsOnTime(task -> loop.execute(() -> loop.schedule(task, 100, TimeUnit.MILLISECONDS)));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTaskScheduledFromAnotherThreadWakesASleepingLoopAtItsDeadline(Transport transport) throws Exception {
        UntimedWaitEventLoop loop = loopOn(transport);
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        Thread.sleep(200); // the loop is now asleep with no timer armed
        assertRunsOnTime(task -> loop.schedule(task, 100, TimeUnit.MILLISECONDS));
    }

    /** Schedules a task 100 ms ahead with {@code schedule100ms} and checks it runs then, not later. */
    private static void assertRunsOnTime(Consumer<Runnable> schedule100ms) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        schedule100ms.accept(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).as("the task ran").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(100L, LATE_MILLIS);
    }

    /** The deadline the loop hands its I/O handler, read on the loop's own thread. */
    private static long deadlineNanos(UntimedWaitEventLoop loop) throws Exception {
        return loop.submit(() -> loop.deadlineNanos()).get(5, TimeUnit.SECONDS);
    }

    /** The single loop of a new group on {@code transport}; the test is skipped where it is unavailable. */
    private UntimedWaitEventLoop loopOn(Transport transport) {
        Assumptions.assumeTrue(transport.isAvailable(), () -> transport + " is not available on this machine");
        group = new UntimedWaitEventLoopGroup(1, new DefaultThreadFactory("untimed-wait-test"),
                transport.ioHandlerFactory());
        return (UntimedWaitEventLoop) group.next();
    }
}
