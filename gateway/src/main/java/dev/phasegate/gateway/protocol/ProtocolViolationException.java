package dev.phasegate.gateway.protocol;

/**
 * A peer broke the protocol: a bad length, an unknown message type, a malformed startup packet,
 * bytes where none may be. The session that received it answers SQLSTATE 08P01 and closes.
 */
public final class ProtocolViolationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message, null, false, false);
    }
}
