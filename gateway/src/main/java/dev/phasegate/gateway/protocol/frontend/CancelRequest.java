package dev.phasegate.gateway.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Sent on a new connection instead of a StartupMessage: asks the server to cancel what the backend
 * identified by {@code processId} and {@code secretKey} (from its BackendKeyData) is running. The
 * key is 4 bytes in protocol 3.0 and up to 256 bytes from 3.2 on.
 */
public record CancelRequest(int processId, byte[] secretKey) {

    public static final int CODE = 80877102;

    public CancelRequest {
        secretKey = secretKey.clone();
    }

    /** Decodes the body after the length word and the request code. */
    public static CancelRequest decode(ByteBuf rest) {
        int pid = rest.readInt();
        byte[] key = new byte[rest.readableBytes()];
        rest.readBytes(key);
        return new CancelRequest(pid, key);
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer(12 + secretKey.length);
        buf.writeInt(12 + secretKey.length);
        buf.writeInt(CODE);
        buf.writeInt(processId);
        buf.writeBytes(secretKey);
        return buf;
    }
}
