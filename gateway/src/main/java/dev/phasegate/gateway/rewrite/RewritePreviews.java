package dev.phasegate.gateway.rewrite;

import dev.phasegate.admin.service.RewritePreviewer;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.ShadowCheck;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.StatementPlan;
import dev.phasegate.rewriter.catalog.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/rewrite}: plans with {@link SqlRewriter#planUncached} (the snapshot may be a
 * what-if sharing the real one's version, so nothing is cached) against the catalog in force.
 */
public final class RewritePreviews implements RewritePreviewer {

    private final SqlRewriter rewriter;
    private final Supplier<Catalog> catalogs;

    public RewritePreviews(SqlRewriter rewriter, Supplier<Catalog> catalogs) {
        this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
        this.catalogs = Objects.requireNonNull(catalogs, "catalogs");
    }

    @Override
    public RewritePreview preview(String sql, PhaseSnapshot snapshot) {
        RewritePlan plan;
        try {
            plan = rewriter.planUncached(sql, snapshot, catalogs.get());
        } catch (RuntimeException e) {
            return new RewritePreview(sql, false, null, List.of(), null, "the rewriter failed: " + e);
        }
        Set<RewritePreviewer.ColumnAction> columns = new LinkedHashSet<>();
        for (dev.phasegate.rewriter.ColumnAction a : plan.actions()) {
            columns.add(new RewritePreviewer.ColumnAction(a.column(), a.action().wireName()));
        }
        String error = plan.error().map(e -> e.message() + " (SQLSTATE " + e.sqlState() + ")").orElse(null);
        return new RewritePreview(plan.sql() == null ? sql : plan.sql(), plan.changed(), plan.kind().wireName(),
                List.copyOf(columns), resultFilter(plan), error);
    }

    /** Per statement with a filter: the columns dropped and the shadow checks; {@code null} when none. */
    private static Object resultFilter(RewritePlan plan) {
        List<Map<String, Object>> filters = new ArrayList<>();
        for (StatementPlan s : plan.statements()) {
            if (s.resultFilter().isEmpty()) {
                continue;
            }
            Map<String, Object> f = new LinkedHashMap<>();
            if (plan.statements().size() > 1) {
                f.put("statement", s.index());
            }
            f.put("droppedColumns", s.resultFilter().droppedColumns());
            List<Map<String, String>> checks = new ArrayList<>();
            for (ShadowCheck c : s.resultFilter().shadowChecks()) {
                Map<String, String> check = new LinkedHashMap<>();
                check.put("column", c.column().toString());
                check.put("table", c.tableReference());
                check.put("expression", c.expression());
                checks.add(check);
            }
            f.put("shadowChecks", checks);
            filters.add(f);
        }
        if (filters.isEmpty()) {
            return null;
        }
        return filters.size() == 1 ? filters.get(0) : filters;
    }
}
