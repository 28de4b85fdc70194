package dev.phasegate.gateway.protocol;

import dev.phasegate.gateway.protocol.backend.BackendType;
import dev.phasegate.gateway.protocol.frontend.FrontendType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protocol trace at TRACE level on logger {@code dev.phasegate.gateway.protocol.trace}, one line per
 * message with its direction: {@code FE=> Parse} for client to server, {@code <=BE ParseComplete}
 * for server to client. Sessions check {@link #enabled()} once, when they start.
 */
public final class ProtocolTrace {

    private static final Logger TRACE = LoggerFactory.getLogger("dev.phasegate.gateway.protocol.trace");

    private ProtocolTrace() {
    }

    public static boolean enabled() {
        return TRACE.isTraceEnabled();
    }

    public static void frontend(long session, byte type, int length) {
        TRACE.trace("[{}] FE=> {} ({} bytes)", session, FrontendType.name(type), length + 1);
    }

    public static void backend(long session, byte type, int length) {
        TRACE.trace("[{}] <=BE {} ({} bytes)", session, BackendType.name(type), length + 1);
    }

    /** A decoded client message or startup packet. */
    public static void frontend(long session, Object message) {
        TRACE.trace("[{}] FE=> {}", session, message);
    }

    /** A message the gateway decoded, changed or made on its way to the client. */
    public static void backend(long session, Object message) {
        TRACE.trace("[{}] <=BE {}", session, message);
    }
}
