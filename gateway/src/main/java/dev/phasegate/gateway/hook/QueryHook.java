package dev.phasegate.gateway.hook;

/**
 * Creates the per-session hook. Called once per session, after the upstream has accepted the
 * client's login and before its first request; must be thread-safe (sessions live on several
 * event loops), while the {@link SessionHook} it returns is only ever called from its session's.
 */
@FunctionalInterface
public interface QueryHook {

    /** Forwards everything unchanged and never decodes a request: the zero-overhead default. */
    QueryHook PASS_THROUGH = session -> SessionHook.PASS_THROUGH;

    SessionHook openSession(SessionInfo session);
}
