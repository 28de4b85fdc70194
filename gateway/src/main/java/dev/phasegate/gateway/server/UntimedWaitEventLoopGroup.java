package dev.phasegate.gateway.server;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Event loops that wait for I/O with no timer at all while nothing is scheduled on them.
 *
 * <p>Why: Netty 4.2's loop tells its I/O handler that the next deadline is "now + 1 s" when no task
 * is scheduled (so that it would wake to purge cancelled tasks). The deadline therefore moves on
 * every wait, and the native handlers re-arm a kernel timer each time they go to sleep: io_uring
 * submits an {@code IORING_OP_TIMEOUT} with every wait, which the kernel starts as a timer, cancels
 * when the first completion arrives and answers with one more completion; epoll passes the
 * one-second timeout to each {@code epoll_pwait2}, which the kernel runs as a timer too. A relay
 * sleeps about once per message it forwards, so that was a timer (and, on io_uring, an extra
 * submission and completion) per forward. Both handlers already understand "no deadline"
 * ({@code -1}) as "wait for I/O only", which is what Netty 4.1's native loops did when nothing was
 * scheduled.
 *
 * <p>Nothing is lost: with no scheduled task there is nothing to purge; a task scheduled from the
 * loop itself is seen before the loop next waits, and one scheduled from another thread wakes the
 * loop, which then arms a timer for it.
 */
final class UntimedWaitEventLoopGroup extends MultiThreadIoEventLoopGroup {

    UntimedWaitEventLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory) {
        super(threads, threadFactory, ioHandlerFactory);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new UntimedWaitEventLoop(this, executor, ioHandlerFactory);
    }

    static final class UntimedWaitEventLoop extends SingleThreadIoEventLoop {

        UntimedWaitEventLoop(UntimedWaitEventLoopGroup parent, Executor executor, IoHandlerFactory ioHandlerFactory) {
            super(parent, executor, ioHandlerFactory);
        }

        /** The earliest scheduled task's deadline, or {@code -1} (wait for I/O only) when there is none. */
        @Override
        protected long deadlineNanos() {
            return nextScheduledTaskDeadlineNanos();
        }
    }
}
