package dev.phasegate.gateway.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.gateway.cli.admin.TextTable;
import dev.phasegate.rewriter.ColumnAction;
import dev.phasegate.rewriter.ParameterMap;
import dev.phasegate.rewriter.ResultFilter;
import dev.phasegate.rewriter.RewriteError;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.ShadowCheck;
import dev.phasegate.rewriter.StatementPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@link RewritePlan} as {@code phasegate rewrite} shows it: one JSON object scripts rely on, or
 * a few labelled lines for people.
 *
 * <p>The JSON fields: {@code sql} (what would be sent upstream; exactly the input when nothing
 * changes; {@code null} when the statement is rejected), {@code changed}, {@code statement} (kind),
 * {@code columns} (each {@code id}, {@code action}, {@code phase}, {@code role}, {@code detail}),
 * {@code resultFilter} ({@code droppedColumns}, {@code shadowChecks}), {@code parameterMap} (null
 * unless placeholders were dropped or renumbered), {@code error} (null, or {@code sqlstate} and
 * {@code message}); for a multi-statement string also {@code statements}, one entry per statement.
 */
final class PlanReport {

    private PlanReport() {
    }

    static ObjectNode json(RewritePlan plan) {
        ObjectNode root = AdminJson.mapper().createObjectNode();
        root.put("sql", plan.sql());
        root.put("changed", plan.changed());
        root.put("statement", plan.kind().wireName());
        root.set("columns", columns(plan.actions()));
        root.set("resultFilter", resultFilter(plan.resultFilter()));
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
            ObjectNode e = root.putObject("error");
            e.put("sqlstate", error.sqlState());
            e.put("message", error.message());
            e.put("construct", error.construct());
            e.put("column", error.column() == null ? null : error.column().toString());
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

    private static ArrayNode columns(List<ColumnAction> actions) {
        ArrayNode columns = AdminJson.mapper().createArrayNode();
        for (ColumnAction a : actions) {
            columns.addObject()
                    .put("id", a.column().toString())
                    .put("action", a.action().wireName())
                    .put("phase", a.phase().wireName())
                    .put("role", a.role().name().toLowerCase(java.util.Locale.ROOT))
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

    /** The plan for people: what is sent, then what happens to each managed column and to the result. */
    static void print(RewritePlan plan, PrintWriter out) {
        String verdict;
        if (plan instanceof RewritePlan.Rejected) {
            verdict = "rejected";
        } else if (plan.changed()) {
            verdict = "rewritten";
        } else {
            verdict = plan.actions().isEmpty() ? "passed unchanged (no managed column touched)" : "passed unchanged";
        }
        line(out, "statement", plan.kind().wireName() + ": " + verdict);
        RewriteError error = plan.error().orElse(null);
        if (error != null) {
            line(out, "error", "SQLSTATE " + error.sqlState() + ": " + error.message());
            line(out, "sends", "nothing: the client gets this error");
        } else {
            line(out, "sends", plan.changed() ? "" : "the statement as written");
            if (plan.changed()) {
                for (String l : plan.sql().split("\n", -1)) {
                    out.println("    " + l);
                }
            }
        }
        List<ColumnAction> actions = plan.actions();
        if (!actions.isEmpty()) {
            out.println();
            TextTable table = new TextTable("COLUMN", "PHASE", "ACTION", "NAMED AS", "DETAIL").maxCell(100);
            for (ColumnAction a : actions) {
                table.row(a.column(), a.phase().wireName(), a.action().wireName(),
                        a.role().name().toLowerCase(java.util.Locale.ROOT), a.detail());
            }
            table.print(out);
            out.println();
        }
        for (StatementPlan s : plan.statements()) {
            String prefix = plan.statements().size() > 1 ? "#" + (s.index() + 1) + " " : "";
            if (!s.resultFilter().isEmpty()) {
                line(out, prefix + "result", describe(s.resultFilter()));
            }
            for (String note : s.notes()) {
                line(out, prefix + "note", note);
            }
        }
        if (plan.statements().stream().allMatch(s -> s.resultFilter().isEmpty()) && error == null) {
            line(out, "result", "rows reach the client as PostgreSQL returns them");
        }
        plan.parameterMap().ifPresent(map -> line(out, "parameters", describe(map)));
        out.flush();
    }

    static String describe(ResultFilter filter) {
        List<String> parts = new ArrayList<>();
        if (!filter.droppedColumns().isEmpty()) {
            parts.add("drops result column" + (filter.droppedColumns().size() > 1 ? "s " : " ")
                    + filter.droppedColumns().stream().map(i -> "#" + (i + 1)).collect(Collectors.joining(", ")));
        }
        if (!filter.shadowChecks().isEmpty()) {
            parts.add("checks and drops " + filter.shadowChecks().size() + " trailing shadow column"
                    + (filter.shadowChecks().size() > 1 ? "s" : "") + ": " + filter.shadowChecks().stream()
                    .map(c -> c.column() + " on " + c.tableReference() + " (" + c.expression() + ")")
                    .collect(Collectors.joining("; ")));
        }
        return String.join("; ", parts);
    }

    static String describe(ParameterMap map) {
        List<String> parts = new ArrayList<>();
        for (int old = 1; old <= map.originalCount(); old++) {
            int now = map.newNumber(old);
            parts.add("$" + old + " → " + (now == 0 ? "dropped" : "$" + now));
        }
        return "the client's " + map.originalCount() + " become " + map.newCount() + ": " + String.join(", ", parts);
    }

    private static void line(PrintWriter out, String label, String text) {
        out.println(String.format("%-11s %s", label, text).stripTrailing());
    }
}
