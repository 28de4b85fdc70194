package dev.phasegate.gateway.rewrite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.rewriter.ColumnAction;
import dev.phasegate.rewriter.ParameterMap;
import dev.phasegate.rewriter.ResultFilter;
import dev.phasegate.rewriter.RewriteError;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.ShadowCheck;
import dev.phasegate.rewriter.StatementPlan;
import java.util.List;
import java.util.Locale;

/**
 * A {@link RewritePlan} as one JSON object: what {@code phasegate rewrite --json} prints and
 * {@code POST /api/v1/rewrite} answers, so scripts read both the same way.
 *
 * <p>The fields: {@code sql} (what would be sent upstream; exactly the input when nothing
 * changes; {@code null} when the statement is rejected), {@code changed}, {@code statement} (kind),
 * {@code columns} (each {@code id}, {@code action}, {@code phase}, {@code role}, {@code detail}),
 * {@code resultFilter} ({@code droppedColumns}, {@code shadowChecks}), {@code parameterMap} (null
 * unless placeholders were dropped or renumbered), {@code error} (null, or {@code sqlstate},
 * {@code message}, {@code construct} and {@code column}); for a multi-statement string also
 * {@code statements}, one entry per statement.
 */
public final class PlanJson {

    private PlanJson() {
    }

    public static ObjectNode of(RewritePlan plan) {
        ObjectNode root = head(plan.sql(), plan.changed(), plan.kind().wireName(), plan.actions(), plan.resultFilter());
        ParameterMap map = plan.parameterMap().orElse(null);
        if (map == null) {
            root.putNull("parameterMap");
        } else {
            ObjectNode p = root.putObject("parameterMap");
            p.put("originalCount", map.originalCount());
            p.put("newCount", map.newCount());
            ObjectNode mapping = p.putObject("mapping");
            for (int old = 1; old <= map.originalCount(); old++) {
                int now = map.newNumber(old);
                if (now == 0) {
                    mapping.putNull("$" + old);
                } else {
                    mapping.put("$" + old, "$" + now);
                }
            }
        }
        RewriteError error = plan.error().orElse(null);
        if (error == null) {
            root.putNull("error");
        } else {
            error(root, error.sqlState(), error.message(), error.construct(),
                    error.column() == null ? null : error.column().toString());
        }
        if (plan.statements().size() > 1) {
            ArrayNode statements = root.putArray("statements");
            for (StatementPlan s : plan.statements()) {
                ObjectNode n = statements.addObject();
                n.put("index", s.index());
                n.put("statement", s.kind().wireName());
                n.put("rewritten", s.rewritten());
                n.set("columns", columns(s.actions()));
                n.set("resultFilter", resultFilter(s.resultFilter()));
            }
        }
        return root;
    }

    /**
     * The same object for a statement that could not be planned at all (the rewriter failed): no
     * {@code sql} to send, no columns, and the error.
     */
    public static ObjectNode failed(String sqlState, String message) {
        ObjectNode root = head(null, false, null, List.of(), ResultFilter.NONE);
        root.putNull("parameterMap");
        error(root, sqlState, message, null, null);
        return root;
    }

    /** The fields every answer starts with, in the order scripts see them. */
    private static ObjectNode head(String sql, boolean changed, String statement, List<ColumnAction> actions,
            ResultFilter filter) {
        ObjectNode root = AdminJson.mapper().createObjectNode();
        root.put("sql", sql);
        root.put("changed", changed);
        root.put("statement", statement);
        root.set("columns", columns(actions));
        root.set("resultFilter", resultFilter(filter));
        return root;
    }

    private static void error(ObjectNode root, String sqlState, String message, String construct, String column) {
        ObjectNode e = root.putObject("error");
        e.put("sqlstate", sqlState);
        e.put("message", message);
        e.put("construct", construct);
        e.put("column", column);
    }

    private static ArrayNode columns(List<ColumnAction> actions) {
        ArrayNode columns = AdminJson.mapper().createArrayNode();
        for (ColumnAction a : actions) {
            columns.addObject()
                    .put("id", a.column().toString())
                    .put("action", a.action().wireName())
                    .put("phase", a.phase().wireName())
                    .put("role", a.role().name().toLowerCase(Locale.ROOT))
                    .put("detail", a.detail());
        }
        return columns;
    }

    private static ObjectNode resultFilter(ResultFilter filter) {
        ObjectNode f = AdminJson.mapper().createObjectNode();
        ArrayNode dropped = f.putArray("droppedColumns");
        filter.droppedColumns().forEach(dropped::add);
        ArrayNode checks = f.putArray("shadowChecks");
        for (ShadowCheck c : filter.shadowChecks()) {
            checks.addObject().put("column", c.column().toString()).put("tableReference", c.tableReference())
                    .put("expression", c.expression());
        }
        return f;
    }
}
