package dev.phasegate.admin.http;

import dev.phasegate.admin.store.SnapshotFeed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health} (readiness with details: 200 when ready, 503 when not) and
 * {@code GET /health/live} (liveness: 200 whenever the process answers). No token.
 */
final class HealthResource {

    private final String gatewayId;
    private final Map<String, HealthCheck> checks;

    HealthResource(String gatewayId, Map<String, HealthCheck> checks) {
        this.gatewayId = gatewayId;
        this.checks = Map.copyOf(checks);
    }

    List<Route> routes() {
        return List.of(Route.get("/health", request -> health()),
                Route.get("/health/live", request -> AdminResponse.ok(Map.of("status", "live", "live", true))));
    }

    private AdminResponse health() {
        boolean ready = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, HealthCheck> check : new java.util.TreeMap<>(checks).entrySet()) {
            HealthCheck.Result result;
            try {
                result = check.getValue().check();
            } catch (RuntimeException e) {
                result = new HealthCheck.Result(false, Map.of("problem", String.valueOf(e.getMessage())));
            }
            ready &= result.ready();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ready", result.ready());
            entry.put("detail", result.detail());
            details.put(check.getKey(), entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not_ready");
        body.put("live", true);
        body.put("ready", ready);
        body.put("gateway", gatewayId);
        body.put("checks", details);
        return AdminResponse.json(ready ? 200 : 503, body);
    }

    /** Readiness of the phase store as the snapshot feed sees it. */
    static HealthCheck feedCheck(SnapshotFeed feed) {
        return () -> {
            SnapshotFeed.Status s = feed.status();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("store", s.store());
            detail.put("reachable", s.ready());
            detail.put("snapshotVersion", s.snapshotVersion());
            detail.put("publishedAt", s.publishedAt());
            detail.put("confirmedAt", s.confirmedAt());
            detail.put("snapshotAgeMillis", s.age() == null ? null : s.age().toMillis());
            detail.put("notifications", s.notifications());
            detail.put("problem", s.problem());
            return new HealthCheck.Result(s.ready(), detail);
        };
    }
}
