package dev.phasegate.gateway.server;

/**
 * Told when client and upstream connections open and close (for metrics). Called on event-loop
 * threads: implementations must be quick, thread-safe and must not throw.
 */
public interface ConnectionListener {

    /** Counts nothing. */
    ConnectionListener NONE = new ConnectionListener() {
    };

    /** A client connection was accepted. */
    default void clientConnected() {
    }

    /** A client connection closed. */
    default void clientDisconnected() {
    }

    /** A connection to the upstream server was established. */
    default void upstreamConnected() {
    }

    /** An upstream connection closed. */
    default void upstreamDisconnected() {
    }

    /** Connecting to the upstream server failed. */
    default void upstreamConnectFailed() {
    }
}
