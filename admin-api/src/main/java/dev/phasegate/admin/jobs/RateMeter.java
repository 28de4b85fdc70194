package dev.phasegate.admin.jobs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Rows per second over a sliding window of recent batches: what the job does now, not its
 * average since a start that may lie before a pause or a restart. Not thread-safe.
 */
final class RateMeter {

    private record Sample(long nanos, long rows) {
    }

    private final long windowNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long total;

    RateMeter(long windowNanos, long now) {
        this.windowNanos = windowNanos;
        samples.add(new Sample(now, 0));
    }

    /** Records {@code rows} more rows done at {@code now}. */
    void add(long rows, long now) {
        total += rows;
        samples.addLast(new Sample(now, total));
        // Keep one sample at or before the window start, so the window is always covered.
        while (samples.size() > 2) {
            Iterator<Sample> it = samples.iterator();
            it.next();
            if (it.next().nanos() > now - windowNanos) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** Forgets the history (after a pause): the rate restarts from {@code now}. */
    void reset(long now) {
        samples.clear();
        samples.add(new Sample(now, total));
    }

    /** Rows per second over the window, 0 before anything was done. */
    double rowsPerSecond(long now) {
        Sample first = samples.peekFirst();
        long elapsed = now - first.nanos();
        if (elapsed <= 0) {
            return 0;
        }
        return (total - first.rows()) * 1e9 / elapsed;
    }
}
