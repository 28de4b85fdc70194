package dev.phasegate.gateway.runtime;

import dev.phasegate.config.UpstreamConfig;
import dev.phasegate.jdbc.CatalogLoader;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.catalog.CatalogTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog of the managed database in force: loaded at start (a gateway that cannot see the
 * columns of its tables cannot expand {@code *} and must not serve), re-read every
 * {@code rewriter.catalogRefresh} and shortly after DDL completed through the gateway, on its own
 * thread over its own short JDBC connection. A re-read that finds the same columns keeps the
 * version, so cached plans and prepared statements stay valid; a change gets a higher version.
 * {@link #current()} is a volatile read.
 */
public final class CatalogSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogSource.class);

    /**
     * How long a requested refresh waits: DDL run through the extended protocol is committed at
     * the Sync that follows its CommandComplete, and several DDL statements in a row need one re-read.
     */
    static final Duration REQUEST_DELAY = Duration.ofMillis(50);

    private final UpstreamConfig upstream;
    private final Duration period;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final Object loadLock = new Object();
    private volatile Catalog current = Catalog.empty();
    private volatile boolean closed;

    public CatalogSource(UpstreamConfig upstream, Duration period) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.period = period;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phasegate-catalog");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the catalog now and starts the periodic re-reads.
     *
     * @throws IllegalStateException when the managed database cannot be read
     */
    public CatalogSource start() {
        try {
            refresh();
        } catch (SQLException e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot read the catalog of " + upstream.jdbcUrl() + " as "
                    + upstream.user() + ": " + e.getMessage(), e);
        }
        if (period != null && !period.isZero() && !period.isNegative()) {
            executor.scheduleWithFixedDelay(this::refreshQuietly, period.toMillis(), period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** The catalog in force. */
    public Catalog current() {
        return current;
    }

    /** Asks for a re-read soon (coalesced); never blocks: callable from an event loop. */
    public void requestRefresh() {
        if (closed || !requested.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.schedule(() -> {
                requested.set(false);
                refreshQuietly();
            }, REQUEST_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            requested.set(false); // shut down meanwhile
        }
    }

    /**
     * Re-reads the catalog on the calling thread and puts it in force if it differs.
     *
     * @return the catalog in force afterwards
     */
    public Catalog refresh() throws SQLException {
        synchronized (loadLock) {
            Catalog before = current;
            Catalog loaded;
            try (Connection c = connect()) {
                loaded = CatalogLoader.load(c, before.version() + 1);
            }
            if (sameColumns(before, loaded)) {
                return before;
            }
            current = loaded;
            if (before.version() > 0) {
                log.info("Catalog of {} changed; now version {} ({} relations)", upstream.database(),
                        loaded.version(), loaded.tables().size());
            }
            return loaded;
        }
    }

    private void refreshQuietly() {
        if (closed) {
            return;
        }
        try {
            refresh();
        } catch (SQLException | RuntimeException e) {
            log.warn("Cannot re-read the catalog of {}; keeping version {}: {}", upstream.database(),
                    current.version(), e.getMessage());
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", upstream.user());
        p.setProperty("password", upstream.password());
        p.setProperty("ApplicationName", "phasegate-catalog");
        p.setProperty("connectTimeout", Long.toString(Math.max(1, upstream.connectTimeout().toSeconds())));
        return DriverManager.getConnection(upstream.jdbcUrl(), p);
    }

    static boolean sameColumns(Catalog a, Catalog b) {
        if (a.tables().size() != b.tables().size()) {
            return false;
        }
        return new HashSet<CatalogTable>(a.tables()).equals(new HashSet<CatalogTable>(b.tables()));
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
