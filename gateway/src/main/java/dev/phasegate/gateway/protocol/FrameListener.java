package dev.phasegate.gateway.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Receives what a {@link PgFrameDecoder} finds in the byte stream of one direction, in stream
 * order, on the channel's event loop.
 *
 * <p>For every frame the decoder first calls {@link #onFrame(byte, int)} with the type byte and the
 * length word, and the listener answers how much it needs:
 * <ul>
 *   <li>{@link #PASS}: forward the frame unchanged without looking at its body. The frame's bytes
 *       become part of a run passed to {@link #forward(ByteBuf)}, possibly before the frame has
 *       fully arrived (large rows and COPY data stream through without being buffered).</li>
 *   <li>{@link #INSPECT}: show me the complete body first, in place ({@link #inspect}): no copy, no
 *       slice. Having seen it, the listener lets it pass unchanged (it stays in its run) or takes
 *       it to {@link #HANDLE}, so only frames that change leave the run.</li>
 *   <li>{@link #HANDLE}: I decide what to send; give me the complete frame ({@link #handle}).
 *       Everything before it has been {@linkplain #forward forwarded} already.</li>
 *   <li>{@link #HOLD}: not yet. The decoder forwards what came before, pauses in front of this
 *       frame, and asks again about it after {@link PgFrameDecoder#resume()}.</li>
 * </ul>
 */
public interface FrameListener {

    int PASS = 0;
    int INSPECT = 1;
    int HANDLE = 2;
    int HOLD = 3;

    /**
     * A frame starts.
     *
     * @param type   the type byte
     * @param length the length word: the body's length plus four
     * @return {@link #PASS}, {@link #INSPECT}, {@link #HANDLE} or {@link #HOLD}
     */
    int onFrame(byte type, int length);

    /**
     * The complete body of a frame the listener asked to {@link #INSPECT}. The buffer must not be
     * modified or retained.
     *
     * @param body       the buffer holding the body
     * @param bodyIndex  where the body starts in {@code body}
     * @param bodyLength the body's length (the length word minus four)
     * @return {@link #PASS} to forward the frame unchanged, or {@link #HANDLE} to receive it whole in
     *         {@link #handle} instead
     */
    int inspect(byte type, ByteBuf body, int bodyIndex, int bodyLength);

    /**
     * A complete frame (type byte, length word and body) the listener asked to {@link #HANDLE}.
     * The listener owns {@code frame} and must release it or pass it on.
     */
    void handle(byte type, ByteBuf frame);

    /** Bytes to send on unchanged. The listener owns {@code run} and must release it or pass it on. */
    void forward(ByteBuf run);
}
