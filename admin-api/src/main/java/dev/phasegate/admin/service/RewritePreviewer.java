package dev.phasegate.admin.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.config.column.PhaseSnapshot;
import java.util.List;

/**
 * Shows what the rewriter would do to a statement; the gateway wires it to the rewriter for
 * {@code POST /api/v1/rewrite}.
 */
@FunctionalInterface
public interface RewritePreviewer {

    /**
     * Plans {@code sql} under {@code snapshot}, its unqualified table names resolved through
     * {@code searchPath} (schemas as PostgreSQL stores them; {@code null}: the configured
     * {@code rewriter.searchPath}): the plan as the JSON object
     * {@code phasegate rewrite --json} prints ({@code sql}, {@code changed}, {@code statement},
     * {@code columns}, {@code resultFilter}, {@code parameterMap}, {@code error}, see
     * docs/admin-api.md), so that scripts read the API and the CLI the same way.
     *
     * <p>The snapshot may be a what-if (the request's {@code phases} applied over the snapshot in
     * force) with the same version as the real one: do <em>not</em> cache plans by its version.
     * Must not throw for bad SQL: report it in the object's {@code error}.
     */
    JsonNode preview(String sql, PhaseSnapshot snapshot, List<String> searchPath);

    /** Until the gateway wires the rewriter: the API answers 503. */
    RewritePreviewer UNAVAILABLE = (sql, snapshot, searchPath) -> {
        throw ServiceException.unavailable("no rewriter is wired into this admin API", null);
    };
}
