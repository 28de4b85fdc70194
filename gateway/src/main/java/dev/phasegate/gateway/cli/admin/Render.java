package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Renders the API's column JSON for people. */
public final class Render {

    private Render() {
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** {@code [unmet]   backfill           no completed backfill …} */
    public static String ruleLine(JsonNode rule) {
        return String.format("%-10s %-18s %s", "[" + text(rule, "status") + "]", text(rule, "rule"),
                text(rule, "message"));
    }

    /** The last history entry, as {@code hidden → write}. */
    static String lastStep(JsonNode column) {
        JsonNode history = column.get("history");
        if (history == null || history.isEmpty()) {
            return text(column, "phase");
        }
        JsonNode last = history.get(history.size() - 1);
        String from = text(last, "from");
        return (from.isEmpty() ? "" : from + " → ") + text(last, "to");
    }

    /** A column's details: definition, phase, the steps either way with their guard rails, history, counters. */
    static void details(JsonNode c, PrintWriter out) {
        out.println(text(c, "id"));
        out.println("  type       " + text(c, "type"));
        if (!text(c, "source").isEmpty()) {
            out.println("  source     " + text(c, "source"));
        }
        if (!text(c, "up").isEmpty()) {
            out.println("  up         " + text(c, "up"));
        }
        if (!text(c, "down").isEmpty()) {
            out.println("  down       " + text(c, "down"));
        }
        if (!text(c, "default").isEmpty()) {
            out.println("  default    " + text(c, "default"));
        }
        out.println("  phase      " + text(c, "phase") + " (version " + text(c, "version") + ", store version "
                + text(c, "storeVersion") + (c.hasNonNull("snapshotVersion") ? ", in force here: "
                + text(c, "snapshotVersion") : "") + ")");
        step(c.get("next"), "next", out);
        step(c.get("previous"), "rollback", out);
        JsonNode drift = c.get("configDrift");
        if (drift != null && !drift.isNull()) {
            out.println("  config     differs from the store (the store wins): " + text(drift, "summary"));
        }
        JsonNode counters = c.get("counters");
        if (counters != null && counters.has("actions")) {
            StringBuilder sb = new StringBuilder();
            counters.get("actions").fields().forEachRemaining(e -> sb.append(sb.isEmpty() ? "" : ", ")
                    .append(e.getKey()).append(' ').append(e.getValue().asText()));
            out.println("  audited    since " + text(counters, "since") + ": " + (sb.isEmpty() ? "none" : sb));
        }
        JsonNode history = c.get("history");
        if (history != null && !history.isEmpty()) {
            out.println("  history");
            TextTable table = new TextTable("    AT", "STEP", "WHO", "FORCED", "REASON");
            for (JsonNode h : history) {
                String from = text(h, "from");
                table.row("    " + text(h, "at"), (from.isEmpty() ? "" : from + " → ") + text(h, "to")
                        + " (" + text(h, "kind") + ")", text(h, "who"), h.path("forced").asBoolean() ? "forced" : "",
                        text(h, "reason"));
            }
            table.print(out);
        }
    }

    private static void step(JsonNode step, String label, PrintWriter out) {
        if (step == null || step.isNull()) {
            return;
        }
        out.println(String.format("  %-10s %s (%s)", label, text(step, "phase"),
                step.path("allowed").asBoolean() ? "allowed" : "refused without --force"));
        for (JsonNode rule : step.path("guardRails")) {
            out.println("             " + ruleLine(rule));
        }
    }
}
