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
public final class JobWatcher {

    /** Consecutive failed polls (unreachable API, 503) tolerated before giving up. */
    static final int MAX_POLL_FAILURES = 5;

    private final PrintWriter out;
    private final boolean interactive;
    private final boolean json;
    private final Duration pollEvery;
    private final Duration plainEvery;
    private final int width;

    /** @param width the terminal's width, or 0 to find it out */
    public JobWatcher(PrintWriter out, boolean interactive, boolean json, Duration pollEvery, Duration plainEvery, int width) {
        this.out = out;
        this.interactive = interactive;
        this.json = json;
        this.pollEvery = pollEvery;
        this.plainEvery = plainEvery;
        this.width = !interactive || json ? Integer.MAX_VALUE : width > 0 ? width : terminalWidth();
    }

    /**
     * Shows {@code first} and every later status until a final state.
     *
     * @param hint printed if the user stops watching with Ctrl-C (the job goes on)
     * @return the final status
     */
    public JsonNode watch(JsonNode first, Supplier<JsonNode> poll, Function<JsonNode, Progress> view, String hint)
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

    /**
     * The terminal's width: {@code COLUMNS} if exported, else what {@code stty size} says of the
     * controlling terminal, else 80. A line longer than the terminal wraps, and {@code \r} then
     * redraws only its last part, so the width matters.
     */
    static int terminalWidth() {
        Integer fromEnv = parseWidth(System.getenv("COLUMNS"));
        if (fromEnv != null) {
            return fromEnv;
        }
        try {
            Process stty = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            if (stty.waitFor(1, java.util.concurrent.TimeUnit.SECONDS) && stty.exitValue() == 0) {
                String[] size = new String(stty.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+");
                Integer fromStty = size.length == 2 ? parseWidth(size[1]) : null;
                if (fromStty != null) {
                    return fromStty;
                }
            } else {
                stty.destroy();
            }
        } catch (java.io.IOException e) {
            // no sh or no terminal: the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 80;
    }

    private static Integer parseWidth(String text) {
        if (text == null) {
            return null;
        }
        try {
            int width = Integer.parseInt(text.trim());
            return width >= 20 ? width : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
