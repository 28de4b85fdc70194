package dev.phasegate.gateway.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** ReadyForQuery: the server awaits a new request; carries the transaction status. */
public final class ReadyForQuery {

    /** Not in a transaction block. */
    public static final byte IDLE = 'I';
    /** In a transaction block. */
    public static final byte IN_TRANSACTION = 'T';
    /** In a failed transaction block (statements refused until it ends). */
    public static final byte FAILED = 'E';

    private ReadyForQuery() {
    }

    public static ByteBuf encode(ByteBufAllocator alloc, byte status) {
        ByteBuf buf = alloc.buffer(6);
        buf.writeByte(BackendType.READY_FOR_QUERY);
        buf.writeInt(5);
        buf.writeByte(status);
        return buf;
    }
}
