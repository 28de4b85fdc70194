package dev.phasegate.config;

import java.time.Duration;

/**
 * Data-path tuning.
 *
 * @param maxFrameBytes  largest protocol message accepted from a client; larger gets 08P01
 * @param shutdownGrace  how long SIGTERM waits for sessions to finish before closing them
 * @param ioThreads      event-loop threads; 0 means automatic (one per four cores, at least one)
 */
public record ProxyConfig(long maxFrameBytes, Duration shutdownGrace, int ioThreads) {

    public static final long DEFAULT_MAX_FRAME = 256L << 20;

    static ProxyConfig from(ConfigSection s) {
        ProxyConfig c = new ProxyConfig(
                s.bytes("maxFrameBytes", DEFAULT_MAX_FRAME, 1024, 1L << 30),
                s.duration("shutdownGrace", Duration.ofSeconds(30)),
                s.integer("ioThreads", 0, 0, 256));
        s.finish();
        return c;
    }
}
