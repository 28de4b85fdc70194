package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.gateway.cli.CliException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phasegate verify ID [--batch-size N] [--watch]}, {@code phasegate verify ID --status [--watch]}. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify a managed column: count rows where new IS DISTINCT FROM up(row).",
                "",
                "Read-only and batched; stores the result (with a sample of mismatching keys) for the 'read' guard "
                        + "rail. With --watch, follows it with a progress bar and exits 0 only when it finds no "
                        + "mismatch. --status shows the latest verification."})
public final class VerifyCommand extends JobCommand {

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows per batch (default: the gateway's "
            + "backfill.batchSize)")
    Integer batchSize;

    @Option(names = "--key-columns", paramLabel = "COLUMN", split = ",", description = "For a table without a "
            + "primary key: the columns of a unique index over NOT NULL columns")
    List<String> keyColumns;

    @Option(names = "--status", description = "Show the latest verification instead of starting one")
    boolean status;

    @Override
    int execute(AdminClient client, PrintWriter out) throws InterruptedException {
        if (status && (batchSize != null || keyColumns != null)) {
            throw CliException.usage("--batch-size and --key-columns only apply when starting a verification");
        }
        if (batchSize != null && batchSize <= 0) {
            throw CliException.usage("--batch-size must be positive, got " + batchSize);
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

    /** Starts a verification (stamped with the snapshot version in force), or reads the latest. */
    @Override
    JsonNode call(AdminClient client) {
        if (status) {
            return client.get(statusPath());
        }
        ObjectNode body = AdminJson.mapper().createObjectNode();
        if (batchSize != null) {
            body.put("batchSize", batchSize);
        }
        if (keyColumns != null) {
            ArrayNode keys = body.putArray("keyColumns");
            keyColumns.forEach(keys::add);
        }
        JsonNode column = client.get(columnPath());
        if (column.hasNonNull("snapshotVersion")) {
            body.put("snapshotVersion", column.get("snapshotVersion").asLong());
        }
        return client.send("POST", statusPath(), body);
    }

    @Override
    String statusPath() {
        return columnPath() + "/verify";
    }

    @Override
    Progress progress(JsonNode status) {
        return Progress.ofVerification(status);
    }

    /** Done with zero mismatches (a pure addition's NULL count is information, not a failure). */
    @Override
    boolean succeeded(JsonNode status) {
        return "done".equals(status.path("state").asText())
                && (status.path("informational").asBoolean() || status.path("mismatches").asLong() == 0);
    }

    @Override
    String followHint() {
        return "phasegate verify " + id + " --status --watch";
    }

    @Override
    void print(JsonNode s, PrintWriter out) {
        out.println(Render.text(s, "column") + ": verification run " + Render.text(s, "runId") + ", "
                + Render.text(s, "state"));
        Progress p = Progress.ofVerification(s);
        BackfillCommand.field(out, "rows", Progress.count(p.done()) + " checked"
                + (p.total() == null ? "" : " of ~" + Progress.count(p.total()))
                + ("running".equals(p.state()) ? ", " + Progress.count(Math.round(p.rate())) + " rows/s" : ""));
        long found = s.path("mismatches").asLong();
        boolean informational = s.path("informational").asBoolean();
        BackfillCommand.field(out, informational ? "NULL rows" : "mismatches", Progress.count(found)
                + (informational ? " (a pure addition without up: information, not a mismatch)" : ""));
        JsonNode sample = s.get("sampleKeys");
        if (sample != null && sample.isArray() && !sample.isEmpty()) {
            List<String> keys = new ArrayList<>();
            for (JsonNode key : sample) {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) key::fields) {
                    parts.add(e.getKey() + "=" + e.getValue().asText());
                }
                keys.add(String.join(",", parts));
            }
            BackfillCommand.field(out, "sample", String.join("  ", keys));
        }
        if (s.hasNonNull("snapshotVersion")) {
            BackfillCommand.field(out, "snapshot", "version " + Render.text(s, "snapshotVersion"));
        }
        BackfillCommand.field(out, "started", orDash(Render.text(s, "startedAt"))
                + (s.hasNonNull("finishedAt") ? ", finished " + Render.text(s, "finishedAt") : ""));
        if (s.hasNonNull("lastError")) {
            BackfillCommand.field(out, "last error", Render.text(s, "lastError"));
        }
        if (s.hasNonNull("message")) {
            out.println(Render.text(s, "message"));
        }
    }
}
