package dev.phasegate.gateway.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.service.RewritePreviewer;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.gateway.protocol.SqlState;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.catalog.Catalog;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/rewrite}: plans with {@link SqlRewriter#planUncached} (the snapshot may be a
 * what-if sharing the real one's version, so nothing is cached) against the catalog in force, and
 * answers with {@link PlanJson}, the object {@code phasegate rewrite --json} prints.
 */
public final class RewritePreviews implements RewritePreviewer {

    private final SqlRewriter rewriter;
    private final Supplier<Catalog> catalogs;

    public RewritePreviews(SqlRewriter rewriter, Supplier<Catalog> catalogs) {
        this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
        this.catalogs = Objects.requireNonNull(catalogs, "catalogs");
    }

    @Override
    public JsonNode preview(String sql, PhaseSnapshot snapshot, List<String> searchPath) {
        RewritePlan plan;
        try {
            plan = rewriter.planUncached(sql, snapshot, catalogs.get(),
                    searchPath != null ? searchPath : rewriter.config().searchPath());
        } catch (RuntimeException e) {
            return PlanJson.failed(SqlState.INTERNAL_ERROR, "the rewriter failed: " + e);
        }
        return PlanJson.of(plan);
    }
}
