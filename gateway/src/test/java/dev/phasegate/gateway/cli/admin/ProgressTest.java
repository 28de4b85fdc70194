package dev.phasegate.gateway.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The progress line: bar, counts, rate and ETA, and what gives way when the terminal is narrow. */
class ProgressTest {

    private static final String LABEL = "backfill public.users.email_normalized";

    @Test
    void aRunningJobShowsBarPercentCountsRateAndEta() {
        Progress p = new Progress(LABEL, "running", 420_000, 1_000_000L, 81_234.5, 8L, null, "419,311 updated");

        assertThat(p.line(200)).isEqualTo(LABEL + " [##########..............]  42%  420,000/1,000,000 rows, "
                + "419,311 updated  81,235 rows/s  ETA 8s");
    }

    @Test
    void aPausedJobSaysWhy() {
        Progress p = new Progress(LABEL, "paused", 10, 100L, 0, null, "lock waits: backend 4711 has waited 6.1s", null);

        assertThat(p.line(200)).endsWith("10/100 rows  paused: lock waits: backend 4711 has waited 6.1s");
    }

    @Test
    void anUnknownTotalShowsNoPercent() {
        Progress p = new Progress(LABEL, "running", 10, null, 5, null, null, null);

        assertThat(p.line(200)).isEqualTo(LABEL + " [........................]      10 rows  5 rows/s");
    }

    @Test
    void doneIsAFullBarWhateverTheEstimateWas() {
        Progress p = new Progress(LABEL, "done", 3000, 3888L, 100, null, null, null);

        assertThat(p.line(200)).isEqualTo(LABEL + " [########################] 100%  3,000/3,000 rows  done");
    }

    @Test
    void aNarrowTerminalDropsTheExtraThenShortensTheLabelButKeepsTheState() {
        Progress p = new Progress(LABEL, "running", 50, 100L, 10, 5L, null, "50 updated");

        String line = p.line(80);

        assertThat(line).hasSizeLessThanOrEqualTo(80).doesNotContain("updated")
                .startsWith("…").endsWith("[############............]  50%  50/100 rows  10 rows/s  ETA 5s");
    }

    @Test
    void aLongPauseReasonIsShortenedFirst() {
        Progress p = new Progress("backfill a.b.c", "paused", 1, 2L, 0, null, "x".repeat(200), null);

        String line = p.line(80);

        assertThat(line).hasSize(80).startsWith("backfill a.b.c [").endsWith("x…");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(Progress.duration(8)).isEqualTo("8s");
        assertThat(Progress.duration(125)).isEqualTo("2m05s");
        assertThat(Progress.duration(3720)).isEqualTo("1h02m");
    }
}
