package dev.phasegate.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.Charset;

/**
 * The body of the last Parse of the unnamed statement that the hook let through unchanged and
 * unobserved. Drivers that do not name their statements (libpq's PQexecParams, PgJDBC below its
 * prepare threshold) send the same Parse for every execution; one that matches byte for byte, read
 * in the same client encoding, can be shown to the hook without being decoded again.
 */
final class RepeatedParse {

    /** Longer statements are not kept: the memory stays small per session, and the decoding is a minor cost beside their planning upstream. */
    static final int MAX_BYTES = 8 * 1024;

    private ByteBuf body;
    private Charset charset;

    /** Whether {@code length} bytes at {@code index} are the remembered body, read in {@code encoding}. */
    boolean matches(ByteBuf buf, int index, int length, Charset encoding) {
        return body != null && body.readableBytes() == length && charset.equals(encoding)
                && ByteBufUtil.equals(body, 0, buf, index, length);
    }

    /** Remembers the body of {@code frame} (a complete Parse of the unnamed statement). */
    void remember(ByteBuf frame, Charset encoding) {
        int length = frame.readableBytes() - 5;
        if (length > MAX_BYTES) {
            forget();
            return;
        }
        byte[] bytes = new byte[length];
        frame.getBytes(frame.readerIndex() + 5, bytes);
        body = Unpooled.wrappedBuffer(bytes);
        charset = encoding;
    }

    void forget() {
        body = null;
        charset = null;
    }
}
