package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code phasegate columns [ID]}: every managed column, or one in detail. */
@Command(name = "columns", mixinStandardHelpOptions = true,
        description = {"List the managed columns, or show one with its guard rails and history."})
public final class ColumnsCommand extends AdminCommand {

    @Parameters(arity = "0..1", paramLabel = "ID", description = "A column (schema.table.column) to show in detail")
    String id;

    @Override
    JsonNode call(AdminClient client) {
        return id == null ? client.columns() : client.column(id);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
        if (id != null) {
            Render.details(answer, out);
            return;
        }
        TextTable table = new TextTable("ID", "PHASE", "VERSION", "TYPE", "SOURCE", "UP", "CONFIG");
        for (JsonNode c : answer.path("columns")) {
            JsonNode drift = c.get("configDrift");
            String config = drift == null || drift.isNull() ? "" : drift.path("conflict").asBoolean() ? "conflict"
                    : "phase differs";
            table.row(Render.text(c, "id"), Render.text(c, "phase"), Render.text(c, "version"), Render.text(c, "type"),
                    Render.text(c, "source"), Render.text(c, "up"), config);
        }
        if (table.isEmpty()) {
            out.println("No managed columns.");
        } else {
            table.print(out);
        }
        out.println("store version " + Render.text(answer, "version")
                + (answer.hasNonNull("snapshotVersion") ? ", in force here " + Render.text(answer, "snapshotVersion")
                : ""));
    }
}
