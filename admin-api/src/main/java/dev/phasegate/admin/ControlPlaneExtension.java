package dev.phasegate.admin;

import dev.phasegate.admin.http.HealthCheck;
import dev.phasegate.admin.http.Route;
import dev.phasegate.admin.service.GuardRailFactsSource;
import java.util.List;
import java.util.Map;

/**
 * Something that adds to the control plane once its parts exist — the jobs add backfill,
 * verification and schema facts, their endpoints and their health. Every method has a default
 * that adds nothing.
 */
public interface ControlPlaneExtension extends AutoCloseable {

    /** Facts for the guard rails, applied after the built-in history and audit facts. */
    default List<GuardRailFactsSource> factsSources(ControlPlane.Parts parts) {
        return List.of();
    }

    /** Extra endpoints; called after the column service exists ({@code parts.columns()} is set). */
    default List<Route> routes(ControlPlane.Parts parts) {
        return List.of();
    }

    /** Extra readiness checks for {@code /health}. */
    default Map<String, HealthCheck> healthChecks(ControlPlane.Parts parts) {
        return Map.of();
    }

    /** Called when the control plane closes, before the store closes. */
    @Override
    default void close() {
    }
}
