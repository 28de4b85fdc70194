package dev.phasegate.admin.store;

import java.time.Duration;

/**
 * Tells the {@link SnapshotFeed} that the store probably changed, so that it re-reads at once
 * instead of at the next poll. A hint only: the feed re-reads periodically anyway.
 */
public interface ChangeSignal extends AutoCloseable {

    /** No signals: the feed relies on polling alone. */
    ChangeSignal NONE = new ChangeSignal() {
        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            Thread.sleep(Math.max(1, timeout.toMillis()));
            return false;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Waits up to {@code timeout} for a change signal.
     *
     * @return whether a signal arrived
     * @throws PhaseStoreException.Unavailable when the signal source is broken (the feed reopens it)
     */
    boolean await(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
