package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClientException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Follows a job until it ends, polling its status. On a terminal the progress line is redrawn in
 * place ({@code \r}); otherwise (a pipe, a log file, CI) one line is printed every few seconds and
 * on every change of state, so the output stays readable. With {@code --json}, one compact status
 * object per such line (JSON Lines).
 */
final class JobWatcher {

    /** Consecutive failed polls (unreachable API, 503) tolerated before giving up. */
    static final int MAX_POLL_FAILURES = 5;

    private final PrintWriter out;
    private final boolean interactive;
    private final boolean json;
    private final Duration pollEvery;
    private final Duration plainEvery;
    private final int width;

    JobWatcher(PrintWriter out, boolean interactive, boolean json, Duration pollEvery, Duration plainEvery) {
        this.out = out;
        this.interactive = interactive;
        this.json = json;
        this.pollEvery = pollEvery;
        this.plainEvery = plainEvery;
        this.width = terminalWidth();
    }

    /**
     * Shows {@code first} and every later status until a final state.
     *
     * @param hint printed if the user stops watching with Ctrl-C (the job goes on)
     * @return the final status
     */
    JsonNode watch(JsonNode first, Supplier<JsonNode> poll, Function<JsonNode, Progress> view, String hint)
            throws InterruptedException {
        Thread onInterrupt = null;
        if (interactive) {
            onInterrupt = new Thread(() -> {
                out.println();
                out.println("Stopped watching; the job goes on. " + hint);
                out.flush();
            }, "phasegate-watch-interrupted");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
        }
        try {
            return follow(first, poll, view);
        } finally {
            if (onInterrupt != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or will: nothing to undo
                }
            }
        }
    }

    private JsonNode follow(JsonNode first, Supplier<JsonNode> poll, Function<JsonNode, Progress> view)
            throws InterruptedException {
        JsonNode status = first;
        String lastState = null;
        long lastPrinted = 0;
        int previousLength = 0;
        int failures = 0;
        while (true) {
            Progress progress = view.apply(status);
            long now = System.nanoTime();
            boolean changed = !progress.state().equals(lastState);
            if (interactive && !json) {
                String line = progress.line(width - 1);
                out.print("\r" + line + " ".repeat(Math.max(0, previousLength - line.length())));
                previousLength = line.length();
                out.flush();
            } else if (changed || progress.isFinal() || lastState == null
                    || now - lastPrinted >= plainEvery.toNanos()) {
                out.println(json ? AdminCommand.compact(status) : progress.line(Integer.MAX_VALUE));
                out.flush();
                lastPrinted = now;
            }
            lastState = progress.state();
            if (progress.isFinal()) {
                if (interactive && !json) {
                    out.println();
                    out.flush();
                }
                return status;
            }
            Thread.sleep(pollEvery.toMillis());
            try {
                status = poll.get();
                failures = 0;
            } catch (AdminClientException e) {
                if ((e.status() != 0 && e.status() != 503) || ++failures >= MAX_POLL_FAILURES) {
                    if (interactive && !json) {
                        out.println();
                    }
                    throw e;
                }
            }
        }
    }

    private static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            if (columns != null) {
                return Math.max(40, Integer.parseInt(columns.trim()));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        return 100;
    }
}
