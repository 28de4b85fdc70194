package dev.phasegate.gateway.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A reusable view of ASCII text copied out of a buffer: lets a request's text be scanned (the
 * rewriter's pre-filter, the DDL word test) without decoding it into a {@code String}. All-ASCII
 * bytes read the same in every client encoding PostgreSQL offers, since their multi-byte
 * characters start with a byte of 0x80 or more. One per session, used on its event loop only;
 * the view is valid until the next {@link #of} call.
 */
public final class AsciiText implements CharSequence {

    /** Longer texts are decoded the usual way instead: the copy kept per session stays small. */
    public static final int MAX_BYTES = 8 * 1024;

    private byte[] bytes = new byte[256];
    private int length;

    /**
     * This view over the NUL-terminated text of {@code size} bytes (terminator included) at
     * {@code index}, or null when it is not ASCII, holds another NUL, lacks its terminator or is
     * longer than {@link #MAX_BYTES}.
     */
    public CharSequence of(ByteBuf buf, int index, int size) {
        int n = size - 1;
        if (n < 0 || n > MAX_BYTES || buf.getByte(index + n) != 0) {
            return null;
        }
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        buf.getBytes(index, bytes, 0, n);
        for (int i = 0; i < n; i++) {
            if (bytes[i] <= 0) {
                return null;
            }
        }
        length = n;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) bytes[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
}
