package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A job subcommand ({@code backfill}, {@code verify}): start or inspect a job of one column, and
 * with {@code --watch} follow it to its end with a progress line.
 */
abstract class JobCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The column: schema.table.column")
    String id;

    @Option(names = "--watch", description = "Follow the job with a live progress bar until it ends; exit 0 when it "
            + "succeeds, 1 when it fails or is cancelled")
    boolean watch;

    /** Whether stdout is a terminal (progress redrawn in place); tests set it. */
    Boolean interactive;
    /** The terminal's width, 0 to find it out; tests set it. */
    int width;
    /** How often the status is polled while watching. */
    Duration pollEvery = Duration.ofMillis(500);
    /** How often a progress line is printed when stdout is not a terminal (besides state changes). */
    Duration plainEvery = Duration.ofSeconds(5);

    /** The status path of the job, for polling. */
    abstract String statusPath();

    /** A progress reading of a status. */
    abstract Progress progress(JsonNode status);

    /** Whether a final status counts as success. */
    boolean succeeded(JsonNode status) {
        return "done".equals(status.path("state").asText());
    }

    /** What to type to follow the job again. */
    abstract String followHint();

    String columnPath() {
        return "/api/v1/columns/" + AdminClient.segment(id);
    }

    /** Follows from {@code first} to the end, prints the outcome, and returns the exit code. */
    int follow(AdminClient client, JsonNode first, PrintWriter out) throws InterruptedException {
        boolean tty = interactive != null ? interactive : System.console() != null;
        JobWatcher watcher = new JobWatcher(out, tty, admin.json, pollEvery, plainEvery, width);
        Supplier<JsonNode> poll = () -> client.get(statusPath());
        Function<JsonNode, Progress> view = this::progress;
        JsonNode last = watcher.watch(first, poll, view, followHint());
        if (!admin.json) {
            print(last, out);
        }
        out.flush();
        return succeeded(last) ? 0 : API_ERROR;
    }

    static String orDash(String text) {
        return text == null || text.isEmpty() ? "-" : text;
    }
}
