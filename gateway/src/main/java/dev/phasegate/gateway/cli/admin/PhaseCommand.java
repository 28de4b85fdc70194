package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phasegate phase ID PHASE --reason … [--force]}. */
@Command(name = "phase", mixinStandardHelpOptions = true,
        description = {"Move a managed column to another phase (one step forward, or one back).",
                "Guard rails must be met; --force with a --reason overrides them and is audited."})
public final class PhaseCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The column: schema.table.column")
    String id;

    @Parameters(index = "1", paramLabel = "PHASE", description = "hidden, write, shadow, read, contract or complete")
    String phase;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded in the history)")
    String reason;

    @Option(names = "--force", description = "Override unmet guard rails (never an illegal step); audited")
    boolean force;

    @Override
    JsonNode call(AdminClient client) {
        return client.changePhase(id, phase, reason, force);
    }

    @Override
    void print(JsonNode c, PrintWriter out) {
        JsonNode history = c.path("history");
        JsonNode last = history.isEmpty() ? null : history.get(history.size() - 1);
        boolean forced = last != null && last.path("forced").asBoolean();
        out.println(Render.text(c, "id") + ": " + Render.lastStep(c) + " (version " + Render.text(c, "version")
                + ", store version " + Render.text(c, "storeVersion") + ")" + (forced ? " FORCED" : ""));
        if (forced) {
            for (JsonNode rule : last.path("guardRails")) {
                if (!"met".equals(Render.text(rule, "status"))) {
                    out.println("  overridden: " + Render.ruleLine(rule));
                }
            }
        }
    }
}
