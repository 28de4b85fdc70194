package dev.phasegate.gateway.cli;

import dev.phasegate.gateway.cli.admin.TextTable;
import dev.phasegate.gateway.rewrite.PlanJson;
import dev.phasegate.rewriter.ColumnAction;
import dev.phasegate.rewriter.ParameterMap;
import dev.phasegate.rewriter.ResultFilter;
import dev.phasegate.rewriter.RewriteError;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.StatementPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@link RewritePlan} as {@code phasegate rewrite} shows it for people: a few labelled lines.
 * With {@code --json} it prints {@link PlanJson} instead, the object {@code POST /api/v1/rewrite}
 * answers too.
 */
final class PlanReport {

    private PlanReport() {
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
