package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phasegate rollback ID --reason … [--force]}. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Move a managed column one phase back, if that loses no writes.",
                "--force with a --reason overrides the checks and is audited."})
public final class RollbackCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The column: schema.table.column")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded in the history)")
    String reason;

    @Option(names = "--force", description = "Override unmet checks; audited")
    boolean force;

    @Override
    JsonNode call(AdminClient client) {
        return client.rollback(id, reason, force);
    }

    @Override
    void print(JsonNode c, PrintWriter out) {
        out.println(Render.text(c, "id") + ": rolled back " + Render.lastStep(c) + " (version "
                + Render.text(c, "version") + ")");
    }
}
