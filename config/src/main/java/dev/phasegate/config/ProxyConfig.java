package dev.phasegate.config;

import java.time.Duration;

/**
 * Data-path tuning.
 *
 * @param maxFrameBytes  largest protocol message accepted from a client; larger gets 08P01
 * @param shutdownGrace  how long SIGTERM waits for sessions to finish before closing them
 * @param ioThreads      event-loop threads; 0 means automatic (one per four cores, at least one)
 * @param transport      the socket implementation; {@link SocketTransport#AUTO} picks the best available
 * @param relay          whether a logged-in session moves to the gateway's own relay on io_uring (no TLS)
 */
public record ProxyConfig(long maxFrameBytes, Duration shutdownGrace, int ioThreads, SocketTransport transport,
                          boolean relay) {

    public static final long DEFAULT_MAX_FRAME = 256L << 20;

    /** Which socket implementation the gateway's event loops use. */
    public enum SocketTransport {
        /** io_uring where the kernel allows it, else epoll, else Java NIO. */
        AUTO,
        /** Linux io_uring (kernel 5.14 or later, not refused by a seccomp profile). */
        IO_URING,
        /** Linux epoll. */
        EPOLL,
        /** Java NIO: any platform. */
        NIO
    }

    static ProxyConfig from(ConfigSection s) {
        ProxyConfig c = new ProxyConfig(
                s.bytes("maxFrameBytes", DEFAULT_MAX_FRAME, 1024, 1L << 30),
                s.duration("shutdownGrace", Duration.ofSeconds(30)),
                s.integer("ioThreads", 0, 0, 256),
                s.enumeration("transport", SocketTransport.class, SocketTransport.AUTO),
                s.bool("relay", true));
        s.finish();
        return c;
    }
}
