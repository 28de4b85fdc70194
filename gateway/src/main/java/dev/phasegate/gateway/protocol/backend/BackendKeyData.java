package dev.phasegate.gateway.protocol.backend;

import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * BackendKeyData: the process id and secret key a client must present in a CancelRequest. The key
 * is 4 bytes in protocol 3.0, up to 256 bytes from 3.2 on.
 */
public record BackendKeyData(int processId, byte[] secretKey) {

    public BackendKeyData {
        secretKey = secretKey.clone();
    }

    public static BackendKeyData decode(ByteBuf frame) {
        ByteBuf body = Wire.body(frame);
        Wire.requireReadable(body, 8);
        int pid = body.readInt();
        byte[] key = new byte[body.readableBytes()];
        body.readBytes(key);
        return new BackendKeyData(pid, key);
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf buf = Wire.begin(alloc, BackendType.BACKEND_KEY_DATA, 4 + secretKey.length);
        buf.writeInt(processId);
        buf.writeBytes(secretKey);
        return Wire.finish(buf);
    }
}
