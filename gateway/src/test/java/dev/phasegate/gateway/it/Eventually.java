package dev.phasegate.gateway.it;

import java.time.Duration;

/** Retries an assertion until it holds or a deadline passes (for effects on other threads). */
public final class Eventually {

    private Eventually() {
    }

    public static void assertThatEventually(Runnable assertion) {
        assertThatEventually(Duration.ofSeconds(10), assertion);
    }

    public static void assertThatEventually(Duration timeout, Runnable assertion) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
