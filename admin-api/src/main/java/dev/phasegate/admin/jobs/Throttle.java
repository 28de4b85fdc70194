package dev.phasegate.admin.jobs;

import java.util.function.LongSupplier;

/**
 * Holds a job to {@code maxRowsPerSecond}: a token bucket whose capacity is one batch. A batch of
 * {@code n} rows takes {@code n / rate} seconds of budget; the next batch may start only when the
 * budget spent so far is back in the past. Idle time is not saved up beyond one batch, so a job
 * that was paused does not burst afterwards.
 *
 * <p>Not thread-safe: one runner owns it.
 */
final class Throttle {

    /** Sleeps for a number of nanoseconds; replaced in tests. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double nanosPerRow;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextFree;
    private boolean started;

    /** @param rowsPerSecond 0 means unthrottled */
    Throttle(int rowsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (rowsPerSecond < 0) {
            throw new IllegalArgumentException("rowsPerSecond must not be negative");
        }
        this.nanosPerRow = rowsPerSecond == 0 ? 0 : 1e9 / rowsPerSecond;
        this.clock = nanoClock;
        this.sleeper = sleeper;
    }

    boolean unlimited() {
        return nanosPerRow == 0;
    }

    /**
     * The batch size to use under this rate: at most one second of rows, so a runner never sleeps
     * for long between batches (it must keep renewing its lease and noticing cancels).
     */
    int batchSize(int requested, int rowsPerSecond) {
        return unlimited() ? requested : Math.max(1, Math.min(requested, rowsPerSecond));
    }

    /** Blocks until the next batch may start. */
    void awaitTurn() throws InterruptedException {
        if (unlimited() || !started) {
            return;
        }
        long wait = nextFree - clock.getAsLong();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    /** Accounts a batch of {@code rows} that started at {@code startedAt} (a {@code nanoClock} reading). */
    void spent(long rows, long startedAt) {
        if (unlimited()) {
            return;
        }
        long base = started ? Math.max(nextFree, startedAt) : startedAt;
        nextFree = base + (long) (rows * nanosPerRow);
        started = true;
    }
}
