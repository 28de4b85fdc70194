package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.admin.client.AdminClientException;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.gateway.cli.CliCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;

/**
 * Shared behaviour of the admin subcommands: build the client, print JSON or a table, and turn
 * API errors into a message on stderr and exit code 1 (usage errors are picocli's 2).
 */
abstract class AdminCommand extends CliCommand {

    /** Exit code when the API refused or failed the request. */
    static final int API_ERROR = 1;

    @Mixin
    AdminOptions admin;

    /** Calls the API and returns its answer. */
    abstract JsonNode call(AdminClient client);

    /** Prints the answer as a person reads it. */
    abstract void print(JsonNode answer, PrintWriter out);

    /** The exit code for a successful answer (0 unless the answer itself reports a failure). */
    int exitCode(JsonNode answer) {
        return 0;
    }

    /** Calls the API, prints, and returns the exit code; commands that watch a job override this. */
    int execute(AdminClient client, PrintWriter out) throws InterruptedException {
        JsonNode answer = call(client);
        emit(answer, out);
        return exitCode(answer);
    }

    /** Prints an answer: the API's JSON with {@code --json}, else readably. */
    void emit(JsonNode answer, PrintWriter out) {
        if (admin.json) {
            out.println(pretty(answer));
        } else {
            print(answer, out);
        }
        out.flush();
    }

    @Override
    protected final int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        AdminClient client;
        try {
            client = admin.client();
        } catch (IllegalArgumentException e) {
            err.println("error: " + describe(e));
            return 2;
        }
        try {
            return execute(client, out);
        } catch (AdminClientException e) {
            out.flush();
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

    static String compact(JsonNode node) {
        try {
            return AdminJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }
}
