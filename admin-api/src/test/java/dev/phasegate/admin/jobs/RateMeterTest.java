package dev.phasegate.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void measuresOverTheRecentWindowOnly() {
        RateMeter meter = new RateMeter(10 * SECOND, 0);
        for (int s = 1; s <= 10; s++) {
            meter.add(100, s * SECOND); // 100 rows/s for 10s
        }
        assertThat(meter.rowsPerSecond(10 * SECOND)).isCloseTo(100, within(0.01));
        for (int s = 11; s <= 30; s++) {
            meter.add(1000, s * SECOND); // then 1000 rows/s
        }
        assertThat(meter.rowsPerSecond(30 * SECOND)).isCloseTo(1000, within(0.01));
    }

    @Test
    void aResetForgetsThePause() {
        RateMeter meter = new RateMeter(10 * SECOND, 0);
        meter.add(500, SECOND);
        meter.reset(60 * SECOND);
        meter.add(200, 61 * SECOND);
        assertThat(meter.rowsPerSecond(61 * SECOND)).isCloseTo(200, within(0.01));
        assertThat(new RateMeter(SECOND, 5).rowsPerSecond(5)).isZero();
    }
}
