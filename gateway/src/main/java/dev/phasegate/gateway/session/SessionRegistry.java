package dev.phasegate.gateway.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** The live sessions of one gateway: for shutdown, and for listing (the admin API's sessions view). */
public final class SessionRegistry {

    private final ConcurrentMap<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean draining;

    long nextId() {
        return ids.incrementAndGet();
    }

    void add(Session session) {
        sessions.put(session.id(), session);
        if (draining) {
            session.client().eventLoop().execute(session::drain);
        }
    }

    void remove(Session session) {
        sessions.remove(session.id());
    }

    public int size() {
        return sessions.size();
    }

    public boolean draining() {
        return draining;
    }

    /** A point-in-time view of every session. */
    public List<SessionSnapshot> snapshot() {
        List<SessionSnapshot> list = new ArrayList<>();
        for (Session s : sessions.values()) {
            SessionSnapshot snap = s.snapshot();
            if (snap != null) {
                list.add(snap);
            }
        }
        return list;
    }

    /**
     * Starts a graceful shutdown: idle sessions end now, busy ones (a request in flight or a
     * transaction open) as soon as they become idle.
     */
    public void drainAll() {
        draining = true;
        for (Session s : sessions.values()) {
            s.client().eventLoop().execute(s::drain);
        }
    }

    /** Waits until every session has ended or {@code timeout} has passed; true if none is left. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!sessions.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Ends every remaining session now (57P01). */
    public void closeAll() {
        for (Session s : sessions.values()) {
            s.client().eventLoop().execute(s::terminate);
        }
    }
}
