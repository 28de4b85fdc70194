package dev.phasegate.admin.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What backfill and verification runners share: a lease held for the whole run, cancel and stop
 * signals that wake the runner from any wait, short batch transactions with {@code lock_timeout}
 * and {@code statement_timeout} set locally, and giving the lease back at the end.
 *
 * <p>Cancel ends the run ({@code cancelled}); stop (the gateway shutting down) leaves it resumable:
 * its state stays {@code running} without a lease, which status reports as interrupted and
 * {@link JobService#resumeInterrupted()} picks up.
 */
abstract class JobRunner implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** Thrown when a renewal finds another owner: the run is someone else's now; stop silently. */
    static final class LeaseLostException extends Exception {
        private static final long serialVersionUID = 1L;

        LeaseLostException(String message) {
            super(message, null, false, false);
        }
    }

    protected final JobStore store;
    protected final DataSource dataSource;
    protected final JobStore.Lease lease;
    protected final JobSettings settings;
    private final Object signal = new Object();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean cancelRequested;
    private volatile boolean stopRequested;
    private volatile Runnable onExit = () -> { };

    JobRunner(JobStore store, JobStore.Lease lease, JobSettings settings) {
        this.store = store;
        this.dataSource = store.dataSource();
        this.lease = lease;
        this.settings = settings;
    }

    /** Runs the job to its end; returns normally also when stopped or when the lease was lost. */
    protected abstract void execute() throws Exception;

    /** Records a failure as the run's final state. */
    protected abstract void fail(String message) throws SQLException;

    /** A short description for logs: {@code backfill of public.users.email_lower}. */
    protected abstract String describe();

    @Override
    public final void run() {
        String name = Thread.currentThread().getName();
        Thread.currentThread().setName("phasegate-" + lease.kind() + "-" + lease.columnId());
        try {
            execute();
        } catch (LeaseLostException e) {
            log.warn("{} stopped: {}", describe(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("{} interrupted; it stays resumable", describe());
        } catch (Exception e) {
            log.error("{} failed", describe(), e);
            try {
                fail(e.getMessage() == null ? e.toString() : e.getMessage());
            } catch (SQLException | RuntimeException recordFailure) {
                log.error("could not record the failure of {}", describe(), recordFailure);
            }
        } finally {
            try {
                store.release(lease);
            } catch (SQLException | RuntimeException e) {
                log.warn("could not release the lease of {} (it expires by itself): {}", describe(), e.toString());
            }
            finished.countDown();
            onExit.run();
            Thread.currentThread().setName(name);
        }
    }

    void onExit(Runnable action) {
        this.onExit = action;
    }

    /** Asks the runner to end the run as cancelled, at the next batch boundary. */
    void cancel() {
        cancelRequested = true;
        wake();
    }

    /** Asks the runner to stop and leave the run resumable (gateway shutdown). */
    void stop() {
        stopRequested = true;
        wake();
    }

    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    protected boolean cancelRequested() {
        return cancelRequested;
    }

    protected boolean stopRequested() {
        return stopRequested;
    }

    protected void markCancelRequested() {
        cancelRequested = true;
    }

    /** Waits up to {@code nanos}, returning early on cancel or stop. */
    protected void pause(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (signal) {
            long left;
            while (!cancelRequested && !stopRequested && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * Sets this transaction's lock and statement timeouts, and the output formats key values are
     * read and written back in (so a run resumed by another gateway, whatever its session
     * defaults, parses the stored keys exactly as they were printed).
     */
    static void localTimeouts(Connection c, Duration lockTimeout, Duration statementTimeout)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true), "
                        + "set_config('DateStyle', 'ISO, YMD', true), set_config('IntervalStyle', 'postgres', true), "
                        + "set_config('extra_float_digits', '3', true)")) {
            ps.setString(1, lockTimeout.toMillis() + "ms");
            ps.setString(2, statementTimeout.toMillis() + "ms");
            ps.execute();
        }
    }

    /**
     * Opens a batch's transaction on {@code c}: the local timeouts ({@link #localTimeouts}), then
     * the lease renewed in the same transaction, so a batch never commits under a lost lease.
     *
     * @return the renewal, which also says whether a cancel was asked for
     * @throws LeaseLostException when another runner holds the lease now (the transaction is rolled back)
     */
    protected JobStore.Renewal beginBatch(Connection c, Duration lockTimeout, Duration statementTimeout)
            throws SQLException, LeaseLostException {
        localTimeouts(c, lockTimeout, statementTimeout);
        JobStore.Renewal renewal = store.renew(c, lease);
        if (!renewal.held()) {
            rollbackQuietly(c);
            throw new LeaseLostException("another runner took over the lease of " + lease.columnId());
        }
        return renewal;
    }

    protected static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed (the connection is probably gone): {}", e.toString());
        }
    }

    /** Lock timeout: something held a lock on the batch's rows or table longer than lock_timeout. */
    protected static boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState());
    }

    /** Errors worth retrying the same batch for: deadlock, serialization, lost connection. */
    protected static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException
                || "40P01".equals(state) || "40001".equals(state)
                || (state != null && state.startsWith("08"))
                || "57P01".equals(state); // admin_shutdown: the server restarts
    }

    protected static String sqlMessage(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return e.getSQLState() == null ? message : message + " (SQLSTATE " + e.getSQLState() + ")";
    }

    static String human(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
