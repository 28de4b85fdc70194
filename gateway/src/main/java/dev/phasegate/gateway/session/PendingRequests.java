package dev.phasegate.gateway.session;

import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.hook.StatementOutcome;
import dev.phasegate.gateway.hook.StatementOutcome.Kind;
import dev.phasegate.gateway.protocol.backend.CommandComplete;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests forwarded upstream and not yet answered, in order, so that each response can be
 * matched to the request it answers (the server answers strictly in order). A ring of primitive
 * arrays: tracking costs no allocation per request.
 *
 * <p>Matching rules (PostgreSQL protocol-flow): ParseComplete, BindComplete, CloseComplete answer
 * their message; a Describe ends with RowDescription or NoData; an Execute with CommandComplete,
 * EmptyQueryResponse, PortalSuspended or ErrorResponse; a Query, Sync or FunctionCall with
 * ReadyForQuery. After an ErrorResponse to an extended-protocol message the server skips everything
 * up to the next Sync, and so does this queue.
 */
final class PendingRequests {

    static final byte QUERY = 'Q';
    static final byte PARSE = 'P';
    static final byte BIND = 'B';
    static final byte DESCRIBE = 'D';
    static final byte EXECUTE = 'E';
    static final byte CLOSE = 'C';
    static final byte SYNC = 'S';
    static final byte FUNCTION_CALL = 'F';

    private static final Logger log = LoggerFactory.getLogger(PendingRequests.class);

    private byte[] kinds = new byte[8];
    /** Per request: a {@link ResultObserver}, a {@link Rejection}, or null. */
    private Object[] observers = new Object[8];
    private long[] started = new long[8];
    private int head;
    private int size;
    /** The server is skipping to the next Sync after an error, and no Sync is queued yet. */
    private boolean skippingUntilSync;

    void add(byte kind, Object observer) {
        if (skippingUntilSync) {
            if (kind != SYNC) {
                notify(observer, Kind.SKIPPED, null, null, 0);
                return;
            }
            skippingUntilSync = false;
        }
        if (size == kinds.length) {
            grow();
        }
        int i = (head + size) & (kinds.length - 1);
        kinds[i] = kind;
        observers[i] = observer;
        started[i] = observer == null ? 0 : System.nanoTime();
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The kind of the request being answered, or 0. */
    byte headKind() {
        return size == 0 ? 0 : kinds[head];
    }

    /** The observer or rejection of the request being answered, or null. */
    Object headObserver() {
        return size == 0 ? null : observers[head];
    }

    /** The head's observer when it wants rows and descriptions decoded. */
    ResultObserver filteringObserver() {
        return size != 0 && observers[head] instanceof ResultObserver o && o.filtersRows() ? o : null;
    }

    /** ParseComplete, BindComplete, CloseComplete: the head request of that kind is answered. */
    void acknowledge(byte kind) {
        if (size != 0 && kinds[head] == kind) {
            pop(Kind.ACKNOWLEDGED, null, null);
        }
    }

    /** RowDescription: answers a Describe; for a Query or Execute it starts a result instead. */
    void rowDescription() {
        acknowledge(DESCRIBE);
    }

    /** NoData answers a Describe. */
    void noData() {
        acknowledge(DESCRIBE);
    }

    void commandComplete(String tag) {
        finishStatement(Kind.COMPLETED, tag, null);
    }

    void emptyQuery() {
        finishStatement(Kind.EMPTY, null, null);
    }

    void portalSuspended() {
        finishStatement(Kind.SUSPENDED, null, null);
    }

    /** ErrorResponse. After an extended-protocol message fails, the server skips to the next Sync. */
    void error(ErrorResponse error) {
        if (size == 0) {
            return;
        }
        byte kind = kinds[head];
        if (kind == QUERY || kind == SYNC || kind == FUNCTION_CALL) {
            notify(observers[head], Kind.FAILED, null, error, started[head]);
            return;
        }
        pop(Kind.FAILED, null, error);
        while (size != 0 && kinds[head] != SYNC) {
            pop(Kind.SKIPPED, null, null);
        }
        if (size == 0) {
            skippingUntilSync = true;
        }
    }

    /** ReadyForQuery ends the Query, Sync or FunctionCall at the head (and anything unanswered before it). */
    void readyForQuery() {
        while (size != 0) {
            byte kind = kinds[head];
            boolean ends = kind == QUERY || kind == SYNC || kind == FUNCTION_CALL;
            if (ends) {
                removeHead();
                return;
            }
            pop(Kind.SKIPPED, null, null);
        }
    }

    /** The session ended: whatever is pending will never be answered. */
    void clear() {
        while (size != 0) {
            byte kind = kinds[head];
            if (kind == QUERY || kind == SYNC || kind == FUNCTION_CALL) {
                removeHead();
            } else {
                pop(Kind.SKIPPED, null, null);
            }
        }
        skippingUntilSync = false;
    }

    private void finishStatement(Kind outcome, String tag, ErrorResponse error) {
        if (size == 0) {
            return;
        }
        byte kind = kinds[head];
        if (kind == EXECUTE) {
            pop(outcome, tag, error);
        } else if (kind == QUERY || kind == FUNCTION_CALL) {
            notify(observers[head], outcome, tag, error, started[head]);
        }
    }

    private void pop(Kind outcome, String tag, ErrorResponse error) {
        Object observer = observers[head];
        long start = started[head];
        removeHead();
        notify(observer, outcome, tag, error, start);
    }

    private void removeHead() {
        observers[head] = null;
        head = (head + 1) & (kinds.length - 1);
        size--;
    }

    private static void notify(Object observer, Kind kind, String tag, ErrorResponse error, long start) {
        if (observer instanceof ResultObserver o) {
            long duration = start == 0 ? 0 : System.nanoTime() - start;
            try {
                o.onComplete(new StatementOutcome(kind, tag, tag == null ? -1 : CommandComplete.rows(tag), error,
                        duration));
            } catch (RuntimeException e) {
                // Observers feed the audit; a fault there must not break the client's session.
                log.warn("Result observer {} failed on {}: {}", o.getClass().getName(), kind, e.toString(), e);
            }
        }
    }

    private void grow() {
        int n = kinds.length;
        byte[] k = new byte[n * 2];
        Object[] o = new Object[n * 2];
        long[] s = new long[n * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (n - 1);
            k[i] = kinds[from];
            o[i] = observers[from];
            s[i] = started[from];
        }
        kinds = k;
        observers = o;
        started = s;
        head = 0;
    }
}
