package dev.phasegate.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One side of a session as the session writes to it: a Netty channel until the login is done,
 * then, where the transport allows, the gateway's own relay ({@link Relay}). The session and its
 * handlers write, flush and close through this, never through the channel, so the move between
 * the two is invisible to them. Used on the session's event loop only.
 */
interface Link {

    /** Queues {@code buf} (the link owns it from here) after everything queued before. */
    void write(ByteBuf buf);

    /** Sends what is queued. */
    void flush();

    default void writeAndFlush(ByteBuf buf) {
        write(buf);
        flush();
    }

    /** Sends what is queued, then closes. */
    void closeAfterWrites();

    /** Closes now; whatever is queued is dropped. */
    void close();

    /** Whether the connection is open and not closing. */
    boolean isActive();

    /**
     * Whether reads on this side should go on ({@code false}: its peer is not keeping up). Only a
     * Netty channel needs telling; the relay holds a side's next receive until its peer has sent
     * what it got.
     */
    void readWhile(boolean peerWritable);

    ByteBufAllocator alloc();
}
