package dev.phasegate.admin.store;

import dev.phasegate.config.column.PhaseSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this gateway's {@link PhaseSnapshot} current and hands new ones to subscribers (the data
 * path swaps its volatile reference; caches key on the version).
 *
 * <p>A background thread waits for a {@link ChangeSignal} ({@code LISTEN phasegate_changes} on the
 * database store) for at most {@code pollInterval}, then re-reads: first the store's global
 * version, and the whole snapshot only when that version is higher than the one in force. So a
 * change made by any gateway is seen within milliseconds when notifications work and within one
 * poll interval when they do not.
 *
 * <p>Monotonic: a snapshot is published only if its version is higher than the current one, so a
 * gateway never goes back to an older phase — not even when the store itself reports an older
 * version (restored from a backup, pointed at another database), which is reported as not-ready
 * instead. When the store cannot be read the last snapshot stays in force and the feed reports
 * not-ready until a read succeeds again.
 */
public final class SnapshotFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotFeed.class);

    /**
     * What the feed knows about its own freshness, for {@code /health}.
     *
     * @param ready           the last read succeeded, recently, and the store is not behind the snapshot
     * @param snapshotVersion version of the snapshot in force
     * @param publishedAt     when that snapshot was published here
     * @param confirmedAt     when the store last confirmed it is current (the last successful read)
     * @param age             time since {@code confirmedAt}
     * @param notifications   whether change notifications are being received (else polling only)
     * @param problem         why the feed is not ready (or why notifications are off), else {@code null}
     * @param store           which store is read
     */
    public record Status(boolean ready, long snapshotVersion, Instant publishedAt, Instant confirmedAt, Duration age,
                         boolean notifications, String problem, String store) {
    }

    private final PhaseStore store;
    private final Duration pollInterval;
    private final Duration staleAfter;
    private final Clock clock;
    private final List<Consumer<PhaseSnapshot>> subscribers = new CopyOnWriteArrayList<>();
    private final Object refreshLock = new Object();

    private volatile PhaseSnapshot current = PhaseSnapshot.empty();
    private volatile Instant publishedAt;
    private volatile Instant confirmedAt;
    private volatile String readProblem = "not started";
    private volatile String signalProblem;
    private volatile boolean listening;
    private volatile boolean closed;
    private volatile ChangeSignal openSignal;
    private Thread thread;

    /**
     * @param pollInterval how often the store is re-read without a change signal ({@code store.pollInterval})
     */
    public SnapshotFeed(PhaseStore store, Duration pollInterval, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        this.pollInterval = pollInterval;
        // A read stuck in a dead connection must turn the gateway not-ready before the socket times out.
        Duration fivePolls = pollInterval.multipliedBy(5);
        this.staleAfter = fivePolls.compareTo(Duration.ofSeconds(3)) > 0 ? fivePolls : Duration.ofSeconds(3);
        this.clock = clock;
    }

    /**
     * Reads the first snapshot (synchronously) and starts following the store.
     *
     * @throws PhaseStoreException.Unavailable when the first read fails: a gateway without any known
     *                                         phase must not serve managed traffic
     */
    public synchronized SnapshotFeed start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        refresh();
        if (readProblem != null) {
            throw new PhaseStoreException.Unavailable("cannot read the phase store (" + store.describe() + "): "
                    + readProblem, null);
        }
        thread = new Thread(this::run, "phasegate-snapshot-feed");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** The snapshot in force: a volatile read, lock-free. */
    public PhaseSnapshot current() {
        return current;
    }

    /**
     * Calls {@code subscriber} with the current snapshot now and with every newer one, in version
     * order, on the thread that published it. A subscriber must be quick and must not throw.
     */
    public void subscribe(Consumer<PhaseSnapshot> subscriber) {
        synchronized (refreshLock) {
            subscribers.add(subscriber);
            deliver(subscriber, current);
        }
    }

    /**
     * Re-reads the store now, on the calling thread, and publishes a newer snapshot if there is one.
     * Never throws: failures are recorded in {@link #status()}. The column service calls this after
     * a change so that the gateway that made it has it in force before the API answers.
     */
    public void refresh() {
        synchronized (refreshLock) {
            try {
                long version = store.currentVersion();
                PhaseSnapshot now = current;
                if (version > now.version()) {
                    PhaseSnapshot loaded = store.load();
                    if (loaded.version() > now.version()) {
                        publish(loaded);
                    }
                    readProblem = null;
                } else if (version < now.version()) {
                    readProblem = "the store is at version " + version + ", older than the snapshot in force ("
                            + now.version() + "); keeping the newer snapshot";
                    log.error("Phase store {} went back from version {} to {}; keeping version {} and reporting "
                            + "not-ready", store.describe(), now.version(), version, now.version());
                    return;
                } else {
                    readProblem = null;
                }
                confirmedAt = clock.instant();
            } catch (RuntimeException e) {
                String previous = readProblem;
                readProblem = e.getMessage() == null ? e.toString() : e.getMessage();
                if (previous == null) {
                    log.warn("Phase store {} cannot be read; keeping snapshot version {}: {}", store.describe(),
                            current.version(), readProblem);
                }
            }
        }
    }

    /** Waits until a snapshot of at least {@code version} is in force. */
    public boolean awaitVersion(long version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current.version() < version) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    public Status status() {
        Instant confirmed = confirmedAt;
        Instant now = clock.instant();
        Duration age = confirmed == null ? null : Duration.between(confirmed, now);
        String problem = readProblem;
        boolean fresh = age != null && age.compareTo(staleAfter) <= 0;
        if (problem == null && !fresh) {
            problem = confirmed == null ? "the store has not been read yet"
                    : "the store has not confirmed the snapshot for " + age.toMillis() + " ms";
        }
        boolean ready = problem == null;
        if (ready && signalProblem != null && thread != null) {
            problem = "change notifications unavailable, polling every " + pollInterval.toMillis() + " ms: "
                    + signalProblem;
        }
        return new Status(ready, current.version(), publishedAt, confirmed, age, listening, problem, store.describe());
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            // A thread blocked reading the LISTEN socket does not see the interrupt; closing it does.
            ChangeSignal signal = openSignal;
            if (signal != null) {
                signal.close();
            }
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void run() {
        ChangeSignal signal = null;
        while (!closed) {
            try {
                if (signal == null) {
                    signal = store.openChangeSignal();
                    openSignal = signal;
                    listening = signal != ChangeSignal.NONE;
                    if (signalProblem != null) {
                        log.info("Change notifications from {} restored", store.describe());
                    }
                    signalProblem = null;
                    // Anything that changed while not listening is caught by this read.
                    refresh();
                }
                signal.await(pollInterval);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException e) {
                if (signal != null) {
                    signal.close();
                    signal = null;
                    openSignal = null;
                }
                listening = false;
                if (closed) {
                    break;
                }
                if (signalProblem == null) {
                    log.warn("Change notifications from {} unavailable, polling every {} ms: {}", store.describe(),
                            pollInterval.toMillis(), e.getMessage());
                }
                signalProblem = e.getMessage() == null ? e.toString() : e.getMessage();
                if (!sleep(pollInterval)) {
                    break;
                }
            }
            if (!closed) {
                refresh();
            }
        }
        if (signal != null) {
            signal.close();
        }
        listening = false;
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            return !closed;
        }
    }

    /** Caller holds refreshLock. */
    private void publish(PhaseSnapshot snapshot) {
        current = snapshot;
        publishedAt = clock.instant();
        log.info("Phase snapshot version {} in force ({} columns)", snapshot.version(), snapshot.columns().size());
        for (Consumer<PhaseSnapshot> subscriber : subscribers) {
            deliver(subscriber, snapshot);
        }
    }

    private static void deliver(Consumer<PhaseSnapshot> subscriber, PhaseSnapshot snapshot) {
        try {
            subscriber.accept(snapshot);
        } catch (RuntimeException e) {
            log.error("A phase snapshot subscriber failed on version {}", snapshot.version(), e);
        }
    }
}
