package dev.phasegate.admin.http;

/**
 * A readiness check shown by {@code GET /health}; the gateway is ready when every check is.
 * Called off the event loop on each request: keep it cheap (read state, do not probe).
 */
@FunctionalInterface
public interface HealthCheck {

    Result check();

    /**
     * @param ready  whether this part is ready
     * @param detail anything JSON-serialisable describing it
     */
    record Result(boolean ready, Object detail) {
    }
}
