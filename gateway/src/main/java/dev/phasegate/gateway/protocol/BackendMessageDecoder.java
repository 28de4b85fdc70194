package dev.phasegate.gateway.protocol;

import dev.phasegate.gateway.protocol.backend.BackendType;

/**
 * Decodes what the upstream server sends: typed frames only. Types are not checked (a newer server
 * may send messages this gateway does not know; they pass through), lengths are.
 */
public final class BackendMessageDecoder extends PgFrameDecoder {

    public BackendMessageDecoder(FrameListener listener) {
        super(listener, true);
    }

    @Override
    protected void checkFrame(byte type, int length) {
        if (length < 4) {
            throw new ProtocolViolationException("upstream sent " + BackendType.name(type) + " with invalid length "
                    + length);
        }
    }
}
