package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phasegate audit [--column …] [--action …] [--since …] [--limit …]}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show recent audit records of the gateway, newest first."})
public final class AuditCommand extends AdminCommand {

    @Option(names = "--column", paramLabel = "ID", description = "Only records touching this column")
    String column;

    @Option(names = "--action", paramLabel = "ACTION",
            description = "Only this action (passed, rewritten, stripped, defaulted, shadowed, shadow_mismatch, "
                    + "rejected, unparsed, registered, phase_changed, phase_refused, rolled_back, deleted)")
    String action;

    @Option(names = "--since", paramLabel = "WHEN", description = "An instant (2024-05-01T12:00:00Z) or an amount ago (10m, 2h)")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N records (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    JsonNode call(AdminClient client) {
        return client.audit(column, action, since, limit);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
        TextTable table = new TextTable("TIME", "ACTION", "COLUMN", "PHASE", "USER", "APPLICATION", "ROWS", "STATEMENT")
                .maxCell(80);
        for (JsonNode r : answer.path("records")) {
            StringBuilder columns = new StringBuilder();
            StringBuilder phases = new StringBuilder();
            for (JsonNode c : r.path("columns")) {
                columns.append(columns.isEmpty() ? "" : ",").append(Render.text(c, "id"));
                phases.append(phases.isEmpty() ? "" : ",").append(Render.text(c, "phase"));
            }
            JsonNode session = r.path("session");
            String what = r.hasNonNull("statement") ? Render.text(r, "statement") : Render.text(r, "detail");
            if (r.hasNonNull("sqlState")) {
                what = "[" + Render.text(r, "sqlState") + "] " + what;
            }
            long rows = r.path("rows").asLong(-1);
            table.row(Render.text(r, "time"), Render.text(r, "action"), columns, phases, Render.text(session, "user"),
                    Render.text(session, "applicationName"), rows < 0 ? "" : rows, what);
        }
        if (table.isEmpty()) {
            out.println("No audit records match.");
        } else {
            table.print(out);
        }
        long dropped = answer.path("dropped").asLong();
        if (dropped > 0) {
            out.println("warning: " + dropped + " audit records were dropped (queue full); counts are complete only "
                    + "since " + Render.text(answer, "coverageStart"));
        }
    }
}
