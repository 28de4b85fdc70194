package dev.phasegate.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One progress reading of a job, taken from its status JSON, and its rendering as one line:
 * {@code backfill public.users.email_normalized [#######.............]  35%  3,500/10,000 rows  2,417 rows/s  ETA 3s}.
 *
 * @param label       what runs ({@code backfill public.users.email_normalized})
 * @param state       the job's state ({@code running}, {@code paused}, {@code done}, …)
 * @param done        units done
 * @param total       units in all, or {@code null} when unknown
 * @param rate        units per second
 * @param etaSeconds  estimated seconds left, or {@code null}
 * @param pauseReason why the job is paused, or {@code null}
 * @param extra       one more fact worth a glance ({@code 2 mismatches}), or {@code null}
 */
public record Progress(String label, String state, long done, Long total, double rate, Long etaSeconds, String pauseReason,
                String extra) {

    static final int BAR_WIDTH = 24;

    public Progress {
        if ("done".equals(state)) {
            total = done; // estimates were estimates: once done, everything there was is done
        }
    }

    /** A backfill's status: rows walked of rows walked + rows left (or the estimate). */
    public static Progress ofBackfill(JsonNode s) {
        long done = s.path("rowsDone").asLong();
        Long total = s.hasNonNull("rowsLeft") ? Long.valueOf(done + s.get("rowsLeft").asLong())
                : s.hasNonNull("rowsEstimate") ? Long.valueOf(Math.max(done, s.get("rowsEstimate").asLong())) : null;
        String direction = "reverse".equals(Render.text(s, "direction")) ? "reverse backfill " : "backfill ";
        return new Progress(direction + Render.text(s, "column"), Render.text(s, "state"), done, total,
                s.path("rowsPerSecond").asDouble(), s.hasNonNull("etaSeconds") ? s.get("etaSeconds").asLong() : null,
                s.hasNonNull("pauseReason") ? s.get("pauseReason").asText() : null,
                s.has("rowsUpdated") ? count(s.get("rowsUpdated").asLong()) + " updated" : null);
    }

    /** A verification's status: rows checked of the estimate, with the mismatches found so far. */
    public static Progress ofVerification(JsonNode s) {
        long done = s.path("rowsChecked").asLong();
        Long total = s.hasNonNull("rowsEstimate") ? Long.valueOf(Math.max(done, s.get("rowsEstimate").asLong())) : null;
        long found = s.path("mismatches").asLong();
        String extra = s.path("informational").asBoolean() ? count(found) + " NULL"
                : count(found) + (found == 1 ? " mismatch" : " mismatches");
        return new Progress("verify " + Render.text(s, "column"), Render.text(s, "state"), done, total,
                s.path("rowsPerSecond").asDouble(), s.hasNonNull("etaSeconds") ? s.get("etaSeconds").asLong() : null,
                null, extra);
    }

    boolean isFinal() {
        return isFinal(state);
    }

    static boolean isFinal(String state) {
        return "done".equals(state) || "failed".equals(state) || "cancelled".equals(state);
    }

    /**
     * The progress line, at most {@code width} characters. When it does not fit, the extra goes
     * first, then the pause reason is shortened, then the label (from the left): the bar, the
     * counts and the state stay.
     */
    String line(int width) {
        Integer percent = percent();
        int filled = percent == null ? 0 : percent * BAR_WIDTH / 100;
        String bar = "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]"
                + (percent == null ? "    " : String.format(Locale.ROOT, " %3d%%", percent));
        String counts = count(done) + (total == null ? "" : "/" + count(total)) + " rows";
        String more = extra == null || extra.isEmpty() ? "" : ", " + extra;
        String status;
        if ("running".equals(state)) {
            status = count(Math.round(rate)) + " rows/s" + (etaSeconds == null ? "" : "  ETA " + duration(etaSeconds));
        } else if ("paused".equals(state)) {
            status = "paused" + (pauseReason == null ? "" : ": " + pauseReason.replace('\n', ' '));
        } else {
            status = state;
        }
        String text = label + " " + bar + "  " + counts + more + "  " + status;
        if (text.length() <= width) {
            return text;
        }
        text = label + " " + bar + "  " + counts + "  " + status;
        if (text.length() > width && status.length() > 20) {
            int room = Math.max(20, status.length() - (text.length() - width));
            status = status.substring(0, room - 1) + "…";
            text = label + " " + bar + "  " + counts + "  " + status;
        }
        if (text.length() > width) {
            int room = label.length() - (text.length() - width);
            String shortLabel = room > 1 ? "…" + label.substring(label.length() - room + 1) : "";
            text = (shortLabel.isEmpty() ? "" : shortLabel + " ") + bar + "  " + counts + "  " + status;
        }
        return text.length() <= width ? text : text.substring(0, Math.max(1, width - 1)) + "…";
    }

    /** Percent done, 100 once done, or {@code null} when the total is unknown. */
    Integer percent() {
        if ("done".equals(state)) {
            return 100;
        }
        if (total == null || total <= 0) {
            return null;
        }
        return (int) Math.min(100, done * 100 / total);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 8s}, {@code 2m05s}, {@code 1h02m}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
