package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.admin.client.AdminClientException;
import dev.phasegate.admin.json.AdminJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Shared behaviour of the admin subcommands: build the client, print JSON or a table, and turn
 * API errors into a message on stderr and exit code 1 (usage errors are picocli's 2).
 */
abstract class AdminCommand implements Callable<Integer> {

    /** Exit code when the API refused or failed the request. */
    static final int API_ERROR = 1;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    /** Calls the API and returns its answer. */
    abstract JsonNode call(AdminClient client);

    /** Prints the answer as a person reads it. */
    abstract void print(JsonNode answer, PrintWriter out);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            JsonNode answer = call(admin.client());
            if (admin.json) {
                out.println(pretty(answer));
            } else {
                print(answer, out);
            }
            out.flush();
            return 0;
        } catch (AdminClientException e) {
            if (admin.json && e.detail() != null) {
                err.println(pretty(e.detail()));
            }
            err.println("error: " + e.getMessage());
            JsonNode detail = e.detail();
            if (!admin.json && detail != null && detail.has("unmet")) {
                for (JsonNode rule : detail.get("unmet")) {
                    err.println("  " + Render.ruleLine(rule));
                }
                err.println("Fix what is listed, or pass --force with a --reason to override (audited).");
            }
            err.flush();
            return API_ERROR;
        }
    }

    static String pretty(JsonNode node) {
        try {
            return AdminJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }
}
