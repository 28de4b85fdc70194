package dev.phasegate.gateway.session;

import dev.phasegate.gateway.protocol.PgFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.Socket;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoOps;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.channels.NotYetConnectedException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own relay for a logged-in session on io_uring: it receives each side's bytes into
 * a buffer it keeps, hands them to the same decoders and handlers as before, and sends what they
 * forward with its own operations on the two sockets. What it saves per round trip is Netty's
 * channel machinery (a poll before every receive, a buffer allocated per read, the outbound buffer
 * and its promises): over 40 % of the event loop's user time per transaction (docs/benchmarks.md,
 * the twentieth session).
 *
 * <p>A session moves here once, at the end of its login, when both sockets are on io_uring and the
 * client's has no TLS; otherwise it stays on Netty. The move: auto-read off on both channels, their
 * last sends completed, both deregistered (a receive already filled still reaches the pipeline
 * before that completes; what arrives after waits in the socket for the relay), then one handle for
 * both sockets is registered with the same event loop. A deregistered channel no longer sends or
 * closes, so from then on the relay owns the session's writes and its end too.
 *
 * <p>Each side has at most one receive and one send in flight. A side's next receive waits until
 * its peer has sent what the last one brought (a slow reader slows its writer, as PostgreSQL's
 * own flow does), except that a side whose receive filled the buffer (a stream) reads ahead while
 * less than {@link #READ_AHEAD} bytes wait for its peer. The receive buffer is used again when
 * nothing holds it any more, which on the pass-through path is every time; a buffer still held (a
 * frame kept for a decision, the start of a frame not complete) is left to its holder. It is small
 * ({@link #SMALL_BUFFER}) while what arrives is, so an idle session holds 4 KiB for its receives,
 * and large ({@link #LARGE_BUFFER}) from the first receive that fills it until a run of small ones.
 *
 * <p>Ending: a side is shut down first, so its receive in flight ends (cancelling a registration
 * does not cancel its operations, and a receive in flight keeps a socket open); the socket is
 * closed once nothing is in flight, and then the session is told, as a channel's
 * {@code channelInactive} tells it.
 */
final class Relay implements IoUringIoHandle {

    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    /** io_uring opcodes (include/uapi/linux/io_uring.h). */
    private static final byte OP_WRITEV = 2;
    private static final byte OP_SEND = 26;
    private static final byte OP_RECV = 27;
    private static final int MSG_NOSIGNAL = 0x4000;

    /**
     * A side's receive buffer while what arrives is small (requests, short answers): an idle
     * session holds two of these, so this is most of what the relay adds to its cost.
     */
    static final int SMALL_BUFFER = 2 * 1024;
    /** A side's receive buffer once a receive has filled the small one (large results, COPY). */
    static final int LARGE_BUFFER = 16 * 1024;
    /** Receives that would have fitted the small buffer before a large one is given up. */
    private static final int SHRINK_AFTER = 16;
    /** How far a stream may be read ahead of its peer's sends (as Netty's write-buffer high mark). */
    static final int READ_AHEAD = 64 * 1024;
    /** Buffers gathered into one send at most. */
    private static final int MAX_GATHER = 64;

    private final Session session;
    private final IoEventLoop loop;
    final Side client;
    final Side upstream;
    private IoRegistration registration;
    private boolean cancelled;

    private Relay(Session session, Channel clientChannel, Channel upstreamChannel) {
        this.session = session;
        this.loop = (IoEventLoop) clientChannel.eventLoop();
        this.client = new Side(clientChannel, false);
        this.upstream = new Side(upstreamChannel, true);
        client.peer = upstream;
        upstream.peer = client;
    }

    /** Whether a session on these channels can move to a relay: io_uring both ways, no TLS. */
    static boolean supports(Channel client, Channel upstream) {
        return client instanceof IoUringSocketChannel && upstream instanceof IoUringSocketChannel
                && client.pipeline().get(SslHandler.class) == null;
    }

    /**
     * Starts moving {@code session}'s I/O from its channels to a new relay, which is its links from
     * now on: what the session writes meanwhile waits there until the relay runs. Called on the
     * session's event loop, after a read, with nothing of the session's in flight on the way in.
     */
    static Relay handOver(Session session, Channel clientChannel, Channel upstreamChannel) {
        Relay relay = new Relay(session, clientChannel, upstreamChannel);
        clientChannel.config().setAutoRead(false);
        upstreamChannel.config().setAutoRead(false);
        // Netty's last sends first: the relay must not send before them, and a deregistered channel
        // would never finish them.
        ChannelFuture clientFlushed = clientChannel.writeAndFlush(Unpooled.EMPTY_BUFFER);
        ChannelFuture upstreamFlushed = upstreamChannel.writeAndFlush(Unpooled.EMPTY_BUFFER);
        // A send that failed closed its channel: the move goes on regardless, and start() tells
        // the session and leaves that side out, so what the session then has to say to the other
        // side (the error that ends it) gets there.
        clientFlushed.addListener(c -> upstreamFlushed.addListener(u -> relay.deregister()));
        return relay;
    }

    private void deregister() {
        client.channel.deregister().addListener(c -> upstream.channel.deregister().addListener(u -> {
            if (!c.isSuccess() || !u.isSuccess()) {
                abandon("deregistering a channel failed");
                return;
            }
            loop.register(this).addListener(r -> {
                if (r.isSuccess()) {
                    start((IoRegistration) r.getNow());
                } else {
                    abandon("registering the relay failed: " + r.cause());
                }
            });
        }));
    }

    private void start(IoRegistration registered) {
        registration = registered;
        log.debug("Session {}: relaying on io_uring", session.id());
        session.relayStarted();
        for (Side side : new Side[] {client, upstream}) {
            if (!side.channel.isOpen()) {
                // Netty closed it during the move (the peer went away). Whether or not its
                // channelInactive reached the session before the deregistration, the session is
                // told below, once the other side can carry what it then has to say.
                side.drop();
            }
        }
        for (Side side : new Side[] {client, upstream}) {
            if (side.closed) {
                continue;
            }
            if (side.closing) {
                side.shutDown(); // asked to close during the move
                continue;
            }
            if (!side.closeWhenSent) {
                side.receive(); // (a side the session is ending only sends what it has left)
            }
            side.flush();
        }
        for (Side side : new Side[] {client, upstream}) {
            if (side.closed) {
                side.sessionHears(); // telling it twice is harmless
            }
        }
        sideClosed();
    }

    /** The move could not be completed: the session ends, as on a broken connection. */
    private void abandon(String reason) {
        log.debug("Session {}: handing over to the relay did not complete ({}); ending the session", session.id(),
                reason);
        for (Side side : new Side[] {client, upstream}) {
            side.drop();
            if (!side.channel.isRegistered()) {
                side.shutDownSocket(); // a deregistered channel no longer closes its socket itself
            }
            side.closeSocket();
        }
        session.clientClosed();
    }

    @Override
    public void handle(IoRegistration ignored, IoEvent event) {
        IoUringIoEvent completion = (IoUringIoEvent) event;
        Side side = completion.userData() == 0 ? client : upstream;
        try {
            switch (completion.opcode()) {
                case OP_RECV -> side.received(completion.res());
                case OP_SEND, OP_WRITEV -> side.sent(completion.res());
                default -> {
                    // nothing else is submitted
                }
            }
        } catch (RuntimeException e) {
            session.fail(e, side.upstreamSide);
        }
    }

    /** The event loop is shutting down: close both sockets now. */
    @Override
    public void close() {
        for (Side side : new Side[] {client, upstream}) {
            if (!side.closed) {
                side.drop();
                side.shutDownSocket();
                side.closeSocket();
            }
        }
    }

    private void sideClosed() {
        if (client.closed && upstream.closed && !cancelled) {
            cancelled = true;
            registration.cancel();
        }
    }

    /** One socket of the session, as the session writes to it and as the relay reads from it. */
    final class Side implements Link {
        /** Netty's channel for this socket, deregistered. */
        final Channel channel;
        /** This direction's decoder, from the channel's pipeline. */
        private final PgFrameDecoder decoder;
        private final Socket socket;
        private final boolean upstreamSide;
        private final long userData;
        private Side peer;

        private ByteBuf receiveBuffer;
        private int receiveCapacity = SMALL_BUFFER;
        /** Receives in a row that would have fitted {@link #SMALL_BUFFER}, while the buffer is large. */
        private int smallReceives;
        /** The last receive filled the buffer: a stream, which may read ahead of its peer. */
        private boolean streaming;
        /** The next receive waits for the peer to send what this side received. */
        private boolean waitingForPeer;

        private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
        private long queuedBytes;
        private boolean sending;
        private IovArray gather;
        private ByteBuf gatherMemory;

        private int inFlight;
        private boolean closeWhenSent;
        private boolean closing;
        private boolean closed;

        Side(Channel channel, boolean upstreamSide) {
            this.channel = channel;
            this.socket = (Socket) ((IoUringSocketChannel) channel).fd();
            this.upstreamSide = upstreamSide;
            this.decoder = channel.pipeline().get(PgFrameDecoder.class);
            this.userData = upstreamSide ? 1 : 0;
        }

        // ---- receiving ---------------------------------------------------------------------------

        private void receive() {
            if (receiveBuffer == null || receiveBuffer.refCnt() != 1 || receiveBuffer.capacity() != receiveCapacity) {
                if (receiveBuffer != null) {
                    receiveBuffer.release(); // a holder keeps it as long as it needs it
                }
                receiveBuffer = alloc().directBuffer(receiveCapacity, receiveCapacity);
            }
            receiveBuffer.clear();
            submit(OP_RECV, address(receiveBuffer, 0, receiveBuffer.capacity()), receiveBuffer.capacity(), 0);
        }

        private void received(int result) {
            inFlight--;
            if (closing) {
                finishClose(); // the end of the shutdown, or bytes nobody will read any more
                return;
            }
            if (closeWhenSent) {
                return; // the session has ended: what it still sends goes, nothing more is read
            }
            if (result == 0) {
                close(); // end of stream: the other end closed
                return;
            }
            if (result < 0) {
                failed("recv", result);
                return;
            }
            ByteBuf data = receiveBuffer;
            data.writerIndex(result);
            streaming = result == data.capacity();
            adaptCapacity(result);
            // Straight into the decoder, not through the pipeline: what it throws reaches handle().
            decoder.read(data.retain());
            if (upstreamSide) {
                session.afterUpstreamRead();
            } else {
                session.flushUpstream();
            }
            if (closed) {
                decoder.releaseCumulation(); // ended while decoding: what the decoder kept is nobody's
            } else if (!closing) {
                receiveOrWait();
            }
        }

        /** Grows the buffer at once when a receive fills it; shrinks it after a run of small receives. */
        private void adaptCapacity(int received) {
            if (streaming) {
                receiveCapacity = LARGE_BUFFER;
                smallReceives = 0;
            } else if (receiveCapacity == LARGE_BUFFER) {
                smallReceives = received <= SMALL_BUFFER ? smallReceives + 1 : 0;
                if (smallReceives >= SHRINK_AFTER) {
                    receiveCapacity = SMALL_BUFFER;
                    smallReceives = 0;
                }
            }
        }

        private void receiveOrWait() {
            if (peer.queuedBytes == 0 || (streaming && peer.queuedBytes < READ_AHEAD)) {
                waitingForPeer = false;
                receive();
            } else {
                waitingForPeer = true;
            }
        }

        // ---- sending: Link ---------------------------------------------------------------------

        @Override
        public void write(ByteBuf buf) {
            if (closing || closeWhenSent || !buf.isReadable()) {
                buf.release();
                return;
            }
            if (!buf.isDirect() || buf.nioBufferCount() != 1) {
                // Heap or composite (rare: the gateway's own messages are direct): one direct copy.
                ByteBuf direct = alloc().directBuffer(buf.readableBytes());
                direct.writeBytes(buf);
                buf.release();
                buf = direct;
            }
            queue.add(buf);
            queuedBytes += buf.readableBytes();
        }

        @Override
        public void flush() {
            if (registration != null && !sending && !closing && !queue.isEmpty()) {
                send();
            }
        }

        private void send() {
            if (queue.size() == 1) {
                ByteBuf only = queue.peek();
                submit(OP_SEND, address(only, only.readerIndex(), only.readableBytes()), only.readableBytes(),
                        MSG_NOSIGNAL);
            } else {
                if (gather == null) {
                    gatherMemory = alloc().directBuffer(MAX_GATHER * IovArray.IOV_SIZE);
                    gather = new IovArray(gatherMemory);
                    gather.maxCount(MAX_GATHER);
                }
                gather.clear();
                for (ByteBuf buf : queue) {
                    if (!gather.add(buf, buf.readerIndex(), buf.readableBytes())) {
                        break;
                    }
                }
                submit(OP_WRITEV, gather.memoryAddress(0), gather.count(), 0);
            }
            sending = true;
        }

        private void sent(int result) {
            inFlight--;
            sending = false;
            if (closing) {
                finishClose();
                return;
            }
            if (result < 0) {
                failed("send", result);
                return;
            }
            consume(result);
            if (!queue.isEmpty()) {
                send();
            } else if (closeWhenSent) {
                close();
            } else if (peer.waitingForPeer && !peer.closing) {
                peer.receiveOrWait();
            }
        }

        private void consume(int bytes) {
            queuedBytes -= bytes;
            int left = bytes;
            while (left > 0) {
                ByteBuf head = queue.peek();
                int n = head.readableBytes();
                if (n <= left) {
                    queue.poll().release();
                    left -= n;
                } else {
                    head.skipBytes(left);
                    left = 0;
                }
            }
        }

        @Override
        public void closeAfterWrites() {
            if (closing) {
                return;
            }
            if (queue.isEmpty() && !sending) {
                close();
            } else {
                closeWhenSent = true;
                flush();
            }
        }

        @Override
        public boolean isActive() {
            return !closing && !closeWhenSent;
        }

        @Override
        public void readWhile(boolean peerWritable) {
            // The relay holds a side's receives itself (receiveOrWait).
        }

        @Override
        public ByteBufAllocator alloc() {
            return channel.alloc();
        }

        // ---- ending ------------------------------------------------------------------------------

        @Override
        public void close() {
            if (closing) {
                return;
            }
            closing = true;
            closeWhenSent = false;
            if (registration != null) {
                shutDown();
            }
        }

        /** Shuts the socket down so the operations in flight end; the rest follows when they have. */
        private void shutDown() {
            shutDownSocket();
            finishClose();
        }

        private void finishClose() {
            if (closed || inFlight > 0) {
                return;
            }
            drop();
            closeSocket();
            sessionHears();
            sideClosed();
        }

        /** As channelInactive would: the session hears that this side is gone. */
        private void sessionHears() {
            if (upstreamSide) {
                session.upstreamClosed();
            } else {
                session.clientClosed();
            }
        }

        private void failed(String operation, int errno) {
            IOException cause = Errors.newIOException(operation, errno);
            session.fail(cause, upstreamSide);
            close();
        }

        /**
         * Marks this side ended (nothing more is read, sent or closed through it) and releases what
         * it holds: its queue, its receive buffer, and what its decoder kept of an incomplete frame
         * (a deregistered channel's pipeline is never torn down, so the decoder's own clean-up on
         * removal does not run).
         */
        private void drop() {
            closing = closed = true;
            for (ByteBuf buf; (buf = queue.poll()) != null; ) {
                buf.release();
            }
            decoder.releaseCumulation();
            queuedBytes = 0;
            if (receiveBuffer != null) {
                receiveBuffer.release();
                receiveBuffer = null;
            }
            if (gather != null) {
                gatherMemory.release();
                gather = null;
            }
        }

        private void shutDownSocket() {
            try {
                socket.shutdown();
            } catch (IOException | NotYetConnectedException e) {
                // Not connected any more (the peer has gone): nothing in flight waits on it.
            }
        }

        private void closeSocket() {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("Session {}: closing a socket: {}", session.id(), e.toString());
            }
            // Netty's own bookkeeping (its close future, which the connection counters follow).
            channel.close();
        }

        private void submit(byte opcode, long address, int length, int flags) {
            registration.submit(new IoUringIoOps(opcode, (byte) 0, (short) 0, socket.intValue(), 0L, address, length,
                    flags, userData, (short) 0, (short) 0, 0, 0L));
            inFlight++;
        }
    }

    private static long address(ByteBuf buf, int index, int length) {
        return buf.hasMemoryAddress() ? buf.memoryAddress() + index
                : PlatformDependent.directBufferAddress(buf.nioBuffer(index, length));
    }
}
