package dev.phasegate.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private Throttle throttle(int rate) {
        return new Throttle(rate, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void unthrottledNeverSleeps() throws InterruptedException {
        Throttle t = throttle(0);
        for (int i = 0; i < 5; i++) {
            t.awaitTurn();
            t.spent(1000, now);
        }
        assertThat(sleeps).isEmpty();
        assertThat(t.batchSize(5000, 0)).isEqualTo(5000);
    }

    @Test
    void batchesArePacedToTheRate() throws InterruptedException {
        Throttle t = throttle(1000);
        for (int i = 0; i < 4; i++) {
            t.awaitTurn();
            long start = now;
            now += 100_000_000; // the batch itself takes 100ms
            t.spent(500, start);
        }
        // 500 rows at 1000 rows/s = 500ms per batch; 100ms of it is the batch itself.
        assertThat(sleeps).containsExactly(400_000_000L, 400_000_000L, 400_000_000L);
    }

    @Test
    void idleTimeIsNotSavedUpBeyondOneBatch() throws InterruptedException {
        Throttle t = throttle(1000);
        t.awaitTurn();
        t.spent(500, now);
        now += 10_000_000_000L; // a long pause
        t.awaitTurn();
        t.spent(500, now);
        t.awaitTurn();
        assertThat(sleeps).containsExactly(500_000_000L);
    }

    @Test
    void aBatchIsAtMostOneSecondOfRows() {
        assertThat(throttle(300).batchSize(1000, 300)).isEqualTo(300);
        assertThat(throttle(5000).batchSize(1000, 5000)).isEqualTo(1000);
    }
}
