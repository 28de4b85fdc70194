package dev.phasegate.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Splits one direction of a PostgreSQL connection into frames ({@code type, int32 length, body})
 * and tells a {@link FrameListener} about them without copying: untouched frames leave as runs of
 * retained slices of the buffers they arrived in, one run per read, so a read of a thousand rows
 * costs one slice, not a thousand objects.
 *
 * <p>Only frames the listener wants complete ({@code INSPECT}, {@code HANDLE}) are accumulated;
 * {@code PASS} frames stream through as their bytes arrive, so a 100 MB row is never held whole.
 *
 * <p>Not {@code @Sharable}: one instance per channel. Does not extend {@code ByteToMessageDecoder}
 * because that one issues {@code read()} on its own when auto-read is off and it produced nothing,
 * which would defeat the session's backpressure.
 */
public abstract class PgFrameDecoder extends ChannelInboundHandlerAdapter {

    private final FrameListener listener;
    private ByteBuf cumulation;
    /** Bytes of the current {@code PASS} frame not yet seen. */
    private long passRemaining;
    /** The verdict for a frame whose header was seen but whose body is still arriving, or -1. */
    private int awaitedVerdict = -1;
    /** Size of the incomplete frame being accumulated, so its buffer is allocated once. */
    private int wantedCapacity;
    private boolean paused;
    private boolean failed;
    private boolean typedPhase;
    private ChannelHandlerContext ctx;

    protected PgFrameDecoder(FrameListener listener, boolean typedPhase) {
        this.listener = listener;
        this.typedPhase = typedPhase;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof ByteBuf data) {
            read(data);
        } else {
            context.fireChannelRead(msg);
        }
    }

    /**
     * Decodes {@code data} (taking it over) after what came before: a channel's read, or the
     * gateway's relay's, which calls this directly rather than through the channel's pipeline.
     */
    public final void read(ByteBuf data) {
        if (failed) {
            data.release();
            return;
        }
        ByteBuf in;
        if (cumulation == null) {
            in = data;
        } else {
            in = append(cumulation, data);
            cumulation = null;
        }
        process(in);
    }

    /** Stops decoding (input keeps accumulating) until {@link #resume()}. */
    public final void pause() {
        paused = true;
    }

    /** Decodes whatever arrived while paused. Must run on the channel's event loop. */
    public final void resume() {
        paused = false;
        if (cumulation != null && !failed) {
            ByteBuf in = cumulation;
            cumulation = null;
            process(in);
        }
    }

    /** Whether bytes of an incomplete frame are waiting (e.g. a truncated startup packet). */
    public final boolean hasPartialInput() {
        return cumulation != null && cumulation.isReadable();
    }

    /** Switches from the untyped startup packets to typed frames. */
    protected final void enterTypedPhase() {
        typedPhase = true;
    }

    protected final boolean inTypedPhase() {
        return typedPhase;
    }

    protected final FrameListener listener() {
        return listener;
    }

    protected final ChannelHandlerContext context() {
        return ctx;
    }

    /**
     * Decodes at most one startup-phase packet from {@code in}, advancing its reader index past
     * what it consumed; leaves it untouched when the packet is incomplete.
     */
    protected void decodeStartup(ByteBuf in) {
        throw new IllegalStateException("no startup phase in this direction");
    }

    /** Checks a frame header; throws {@link ProtocolViolationException} for a frame to refuse. */
    protected abstract void checkFrame(byte type, int length);

    /** Marks the stream as broken: everything after is discarded and the session is told. */
    protected final void fail(ProtocolViolationException violation) {
        failed = true;
        ctx.fireExceptionCaught(violation);
    }

    private void process(ByteBuf in) {
        boolean passedOn = false;
        try {
            while (!failed && !paused && in.isReadable()) {
                if (typedPhase) {
                    passedOn = decodeTyped(in);
                    break;
                }
                int before = in.readerIndex();
                decodeStartup(in);
                if (in.readerIndex() == before) {
                    break;
                }
            }
        } catch (ProtocolViolationException e) {
            fail(e);
        } finally {
            if (passedOn) {
                // The listener owns it now.
            } else if (!failed && in.isReadable()) {
                cumulation = in;
            } else {
                in.release();
            }
        }
    }

    /** Returns true when {@code in} itself went to the listener as the last run (see {@link #forwardRest}). */
    private boolean decodeTyped(ByteBuf in) {
        int runStart = in.readerIndex();
        while (true) {
            if (passRemaining > 0) {
                int n = (int) Math.min(passRemaining, in.readableBytes());
                in.skipBytes(n);
                passRemaining -= n;
                if (passRemaining > 0) {
                    break;
                }
                continue;
            }
            if (in.readableBytes() < 5 || paused || failed) {
                break;
            }
            int index = in.readerIndex();
            byte type = in.getByte(index);
            int length = in.getInt(index + 1);
            int verdict = awaitedVerdict;
            if (verdict < 0) {
                try {
                    checkFrame(type, length);
                } catch (ProtocolViolationException e) {
                    emitRun(in, runStart, index);
                    in.skipBytes(in.readableBytes());
                    throw e;
                }
                verdict = listener.onFrame(type, length);
                if (verdict == FrameListener.PASS) {
                    passRemaining = 1L + length;
                    continue;
                }
                if (verdict == FrameListener.HOLD) {
                    emitRun(in, runStart, index);
                    pause();
                    return false;
                }
            }
            if (in.readableBytes() < 1 + length) {
                awaitedVerdict = verdict;
                // Make the accumulation buffer big enough once, instead of growing it read by read.
                emitRun(in, runStart, index);
                wantedCapacity = 1 + length;
                return false;
            }
            awaitedVerdict = -1;
            if (verdict == FrameListener.INSPECT
                    && listener.inspect(type, in, index + 5, length - 4) == FrameListener.PASS) {
                in.skipBytes(1 + length);
                continue;
            }
            emitRun(in, runStart, index);
            ByteBuf frame = in.retainedSlice(index, 1 + length);
            in.skipBytes(1 + length);
            runStart = in.readerIndex();
            listener.handle(type, frame);
        }
        return forwardRest(in, runStart);
    }

    /**
     * Forwards the run from {@code from} to the reader index. When the run ends where the input does
     * (the common case: a read of whole frames, all passed), the input buffer itself is handed over
     * instead of a retained slice of it: one derived buffer and one retain/release pair less per read
     * on the relay path. Returns true then; the caller no longer owns {@code in}.
     */
    private boolean forwardRest(ByteBuf in, int from) {
        int to = in.readerIndex();
        if (to == from) {
            return false;
        }
        if (to != in.writerIndex()) {
            emitRun(in, from, to);
            return false;
        }
        listener.forward(in.readerIndex(from));
        return true;
    }

    private void emitRun(ByteBuf in, int from, int to) {
        if (to > from) {
            listener.forward(in.retainedSlice(from, to - from));
        }
    }

    private ByteBuf append(ByteBuf acc, ByteBuf data) {
        try {
            int needed = acc.readableBytes() + data.readableBytes();
            // Append in place only when no forwarded slice still shares the buffer.
            if (acc.refCnt() == 1 && !acc.isReadOnly() && acc.writableBytes() >= data.readableBytes()) {
                acc.writeBytes(data);
                return acc;
            }
            int capacity = Math.max(needed, wantedCapacity);
            wantedCapacity = 0;
            ByteBuf grown = ctx.alloc().buffer(capacity);
            grown.writeBytes(acc, acc.readerIndex(), acc.readableBytes());
            grown.writeBytes(data);
            acc.release();
            return grown;
        } finally {
            data.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releaseCumulation();
    }

    /** Drops buffered input; called when the session ends. */
    public final void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
