package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code phasegate schema ID}: the column upstream compared with its declaration, field by field. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Check a managed column upstream against its declaration, field by field.",
                "",
                "Type, nullability, default, generated, source, up/down, expected index, triggers and constraints. "
                        + "Exit 0 when nothing is a problem (the 'write' guard rail's schema check passes), 1 "
                        + "otherwise."})
public final class SchemaCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The column: schema.table.column")
    String id;

    @Override
    JsonNode call(AdminClient client) {
        return client.get("/api/v1/columns/" + AdminClient.segment(id) + "/schema");
    }

    @Override
    int exitCode(JsonNode answer) {
        return answer.path("passes").asBoolean() ? 0 : API_ERROR;
    }

    @Override
    void print(JsonNode report, PrintWriter out) {
        TextTable table = new TextTable("FIELD", "STATUS", "EXPECTED", "ACTUAL", "FINDING").maxCell(100);
        for (JsonNode f : report.path("fields")) {
            table.row(Render.text(f, "field"), Render.text(f, "status"), Render.text(f, "expected"),
                    Render.text(f, "actual"), Render.text(f, "message"));
        }
        out.println(Render.text(report, "column"));
        table.print(out);
        long problems = 0;
        for (JsonNode f : report.path("fields")) {
            if ("problem".equals(Render.text(f, "status"))) {
                problems++;
            }
        }
        out.println(report.path("passes").asBoolean()
                ? "Passes: no problem; the schema check of the step to 'write' is met."
                : problems + (problems == 1 ? " problem" : " problems") + ": the step to 'write' is refused until "
                + (problems == 1 ? "it is" : "they are") + " fixed.");
    }
}
