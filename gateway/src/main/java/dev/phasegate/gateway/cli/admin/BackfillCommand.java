package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.gateway.cli.CliException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phasegate backfill ID [--batch-size N] [--max-rows-per-second N] [--where EXPR] [--reverse]
 * [--watch]}, {@code … --status [--watch]}, {@code … --cancel}.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start, follow or cancel the backfill of a managed column (new = up(row) on existing rows).",
                "",
                "Starts a batched, throttled, resumable backfill (or resumes the column's unfinished one) and, "
                        + "with --watch, shows a live progress bar until it ends. --status shows the latest run, "
                        + "--cancel stops the running one at its next batch (it stays resumable).",
                "--reverse runs the reverse backfill (source = down(new)), needed before rolling back out of "
                        + "contract."})
public final class BackfillCommand extends JobCommand {

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows per batch (default: the gateway's "
            + "backfill.batchSize)")
    Integer batchSize;

    @Option(names = "--max-rows-per-second", paramLabel = "N", description = "Throttle, 0 for none (default: the "
            + "gateway's backfill.maxRowsPerSecond)")
    Integer maxRowsPerSecond;

    @Option(names = "--where", paramLabel = "EXPR", description = "Only rows matching this SQL expression "
            + "(one expression, no ';')")
    String where;

    @Option(names = "--reverse", description = "Reverse backfill: source = down(new) (with --status: the latest "
            + "reverse run)")
    boolean reverse;

    @Option(names = "--restart", description = "Start over from the first key instead of resuming an unfinished run")
    boolean restart;

    @Option(names = "--key-columns", paramLabel = "COLUMN", split = ",", description = "For a table without a "
            + "primary key: the columns of a unique index over NOT NULL columns to walk it by")
    List<String> keyColumns;

    @Option(names = "--status", description = "Show the latest run instead of starting one")
    boolean status;

    @Option(names = "--cancel", description = "Cancel the running backfill")
    boolean cancel;

    @Override
    int execute(AdminClient client, PrintWriter out) throws InterruptedException {
        validate();
        if (cancel) {
            JsonNode answer = client.send("DELETE", columnPath() + "/backfill", null);
            if (admin.json) {
                emit(answer, out);
            } else {
                out.println("Cancel requested: the backfill stops at its next batch boundary and can be resumed "
                        + "with 'phasegate backfill " + id + "'.");
                print(answer, out);
            }
            return 0;
        }
        JsonNode first = call(client);
        if (watch) {
            return follow(client, first, out);
        }
        emit(first, out);
        if (!status && !admin.json && !Progress.isFinal(first.path("state").asText())) {
            out.println("Follow it with: " + followHint());
        }
        return 0;
    }

    private void validate() {
        boolean starting = batchSize != null || maxRowsPerSecond != null || where != null || restart
                || keyColumns != null;
        if (status && cancel) {
            throw CliException.usage("--status and --cancel exclude each other");
        }
        if ((status || cancel) && starting) {
            throw CliException.usage("--batch-size, --max-rows-per-second, --where, --restart and --key-columns "
                    + "only apply when starting a backfill, not with " + (status ? "--status" : "--cancel"));
        }
        if (cancel && (watch || reverse)) {
            throw CliException.usage("--cancel takes no --watch or --reverse (it cancels whichever backfill runs)");
        }
        if (batchSize != null && batchSize <= 0) {
            throw CliException.usage("--batch-size must be positive, got " + batchSize);
        }
        if (maxRowsPerSecond != null && maxRowsPerSecond < 0) {
            throw CliException.usage("--max-rows-per-second must be 0 (no limit) or more, got " + maxRowsPerSecond);
        }
    }

    private ObjectNode body() {
        ObjectNode body = AdminJson.mapper().createObjectNode();
        if (batchSize != null) {
            body.put("batchSize", batchSize);
        }
        if (maxRowsPerSecond != null) {
            body.put("maxRowsPerSecond", maxRowsPerSecond);
        }
        if (where != null) {
            body.put("where", where);
        }
        if (reverse) {
            body.put("reverse", true);
        }
        if (restart) {
            body.put("restart", true);
        }
        if (keyColumns != null) {
            ArrayNode keys = body.putArray("keyColumns");
            keyColumns.forEach(keys::add);
        }
        return body;
    }

    @Override
    String statusPath() {
        return columnPath() + "/backfill" + (reverse ? "?reverse=true" : "");
    }

    @Override
    Progress progress(JsonNode status) {
        return Progress.ofBackfill(status);
    }

    @Override
    String followHint() {
        return "phasegate backfill " + id + (reverse ? " --reverse" : "") + " --status --watch";
    }

    /** Starts (or resumes) a backfill, or with {@code --status} reads the latest run. */
    @Override
    JsonNode call(AdminClient client) {
        return status ? client.get(statusPath()) : client.send("POST", columnPath() + "/backfill", body());
    }

    @Override
    void print(JsonNode s, PrintWriter out) {
        String direction = Render.text(s, "direction");
        out.println(Render.text(s, "column") + ": " + ("reverse".equals(direction) ? "reverse backfill" : "backfill")
                + (s.hasNonNull("runId") ? " run " + Render.text(s, "runId") : "") + ", " + Render.text(s, "state"));
        if (s.hasNonNull("runId")) {
            Progress p = Progress.ofBackfill(s);
            Integer percent = p.percent();
            field(out, "rows", Progress.count(p.done()) + (p.total() == null ? "" : " of ~" + Progress.count(p.total()))
                    + " walked" + (percent == null ? "" : " (" + percent + "%)") + ", "
                    + Progress.count(s.path("rowsUpdated").asLong()) + " updated");
            field(out, "rate", Progress.count(Math.round(p.rate())) + " rows/s"
                    + (p.etaSeconds() == null ? "" : ", about " + Progress.duration(p.etaSeconds()) + " left"));
            field(out, "key", String.join(", ", strings(s.get("keyColumns")))
                    + (s.hasNonNull("keyOrigin") ? " (" + Render.text(s, "keyOrigin") + ")" : "")
                    + (s.hasNonNull("lastKey") ? ", done up to " + strings(s.get("lastKey")) : "")
                    + (s.hasNonNull("highKey") ? ", range ends at " + strings(s.get("highKey")) : ""));
            int limit = s.path("maxRowsPerSecond").asInt();
            field(out, "batches", Progress.count(s.path("batchSize").asLong()) + " rows, "
                    + (limit == 0 ? "no rate limit" : "at most " + Progress.count(limit) + " rows/s"));
            if (s.hasNonNull("where")) {
                field(out, "where", Render.text(s, "where"));
            }
            if (s.hasNonNull("owner")) {
                field(out, "runner", Render.text(s, "owner"));
            }
            field(out, "started", orDash(Render.text(s, "startedAt"))
                    + (s.hasNonNull("finishedAt") ? ", finished " + Render.text(s, "finishedAt") : ""));
        }
        if (s.hasNonNull("pauseReason")) {
            field(out, "paused", Render.text(s, "pauseReason"));
        }
        if (s.hasNonNull("lastError")) {
            field(out, "last error", Render.text(s, "lastError"));
        }
        if (s.hasNonNull("message")) {
            out.println(Render.text(s, "message"));
        }
    }

    static void field(PrintWriter out, String label, String text) {
        out.println(String.format("  %-11s %s", label, text));
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        java.util.ArrayList<String> list = new java.util.ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
