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
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog of the managed database in force: loaded at start (a gateway that cannot see the
 * columns of its tables cannot expand {@code *} and must not serve), re-read every
 * {@code rewriter.catalogRefresh} and shortly after DDL completed through the gateway, on its own
 * thread. A re-read that finds the same columns keeps the version, so cached plans and prepared
 * statements stay valid; a change gets a higher version. {@link #current()} is a volatile read.
 *
 * <p>Re-reads share one upstream connection, kept open between them: opening one each time cost
 * PostgreSQL a backend and an authentication and the gateway a burst of compilation, once a
 * minute, on the cores the data path needs. Each re-read first reads the catalogs' stamp
 * ({@link CatalogLoader#stamp}, about a millisecond) and loads the columns only when it moved,
 * both in one read-only repeatable-read transaction so that the stamp vouches for exactly what
 * was loaded; the transaction ends before the re-read does, so the connection idles outside one
 * and holds no locks that DDL would wait for. A kept connection that fails (PostgreSQL restarted,
 * the backend was terminated) is replaced within the same re-read.
 */
public final class CatalogSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogSource.class);

    /**
     * How long a requested refresh waits: DDL run through the extended protocol is committed at
     * the Sync that follows its CommandComplete, and several DDL statements in a row need one re-read.
     */
    static final Duration REQUEST_DELAY = Duration.ofMillis(50);

    /**
     * How long a read on the kept connection may wait for PostgreSQL before the connection is
     * given up: a peer that vanished without a reset (a dropped NAT entry) would otherwise hold
     * the re-read for the kernel's retransmission timeout, a quarter of an hour.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    private final UpstreamConfig upstream;
    private final Duration period;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Held by a re-read from start to end; guards {@link #stamp} and writes of {@link #connection}. */
    private final ReentrantLock loadLock = new ReentrantLock();
    private volatile Connection connection;
    /** The stamp read in the same snapshot as {@link #current}'s columns; null before the first load. */
    private String stamp;
    private long columnLoads;
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
            close();
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
        loadLock.lock();
        try {
            boolean kept = connection != null;
            try {
                return attempt();
            } catch (SQLException e) {
                if (!kept || closed) {
                    throw e;
                }
                log.info("The catalog connection to {} failed ({}); opening a new one", upstream.database(),
                        e.getMessage());
            }
            return attempt();
        } finally {
            loadLock.unlock();
        }
    }

    /** One re-read; a connection that failed it, whatever the failure, is not kept. */
    private Catalog attempt() throws SQLException {
        try {
            return readOn(connection());
        } catch (SQLException | RuntimeException e) {
            discardConnection();
            throw e;
        }
    }

    /** How many re-reads loaded the columns (the others found the stamp unchanged). */
    long columnLoads() {
        loadLock.lock();
        try {
            return columnLoads;
        } finally {
            loadLock.unlock();
        }
    }

    private Catalog readOn(Connection c) throws SQLException {
        String now = CatalogLoader.stamp(c);
        if (now.equals(stamp)) {
            c.commit();
            return current;
        }
        Catalog before = current;
        Catalog loaded = CatalogLoader.load(c, before.version() + 1);
        c.commit();
        columnLoads++;
        stamp = now;
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

    private void refreshQuietly() {
        if (closed) {
            return;
        }
        try {
            refresh();
        } catch (SQLException | RuntimeException e) {
            if (!closed) {
                log.warn("Cannot re-read the catalog of {}; keeping version {}: {}", upstream.database(),
                        current.version(), e.getMessage());
            }
        }
    }

    /** The kept connection, opened when there is none. Call with {@link #loadLock} held. */
    private Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("the catalog source is closed");
        }
        Connection c = connection;
        if (c != null) {
            return c;
        }
        Properties p = new Properties();
        p.setProperty("user", upstream.user());
        p.setProperty("password", upstream.password());
        p.setProperty("ApplicationName", "phasegate-catalog");
        p.setProperty("connectTimeout", Long.toString(Math.max(1, upstream.connectTimeout().toSeconds())));
        p.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        p.setProperty("tcpKeepAlive", "true");
        c = DriverManager.getConnection(upstream.jdbcUrl(), p);
        try {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        connection = c;
        return c;
    }

    /** Call with {@link #loadLock} held. */
    private void discardConnection() {
        Connection c = connection;
        connection = null;
        stamp = null;
        if (c != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("Closing the catalog connection failed: {}", e.getMessage());
        }
    }

    static boolean sameColumns(Catalog a, Catalog b) {
        if (a.tables().size() != b.tables().size()) {
            return false;
        }
        return new HashSet<CatalogTable>(a.tables()).equals(new HashSet<CatalogTable>(b.tables()));
    }

    /**
     * Stops the re-reads and closes the kept connection. A re-read in flight has its connection
     * aborted rather than waited for: shutdown must not hang on an unresponsive server.
     */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        if (loadLock.tryLock()) {
            try {
                discardConnection();
            } finally {
                loadLock.unlock();
            }
            return;
        }
        Connection inFlight = connection;
        if (inFlight != null) {
            try {
                inFlight.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                log.debug("Aborting the catalog connection failed: {}", e.getMessage());
            }
        }
    }
}
