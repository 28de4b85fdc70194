package dev.phasegate.gateway.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A reusable view of a request's text copied out of a buffer: lets a Query's text be scanned (the
 * rewriter's pre-filter, the DDL word test) without decoding it into a {@code String} and a
 * message. ASCII bytes read the same in every client encoding PostgreSQL offers, since their
 * multi-byte characters start with a byte of 0x80 or more. Other text is viewed when the client
 * encoding is UTF-8 (PgJDBC's always, and most libpq clients'), decoded here as strictly as
 * PostgreSQL checks it, so the view holds exactly the characters the usual decoding would give.
 * Anything else (non-ASCII bytes in another encoding, a sequence that is not valid UTF-8) is left
 * to that decoding. One per session, used on its event loop only; the view is valid until the next
 * {@link #of} call.
 */
public final class TextView implements CharSequence {

    /** Longer texts are decoded the usual way instead: the copy kept per session stays small. */
    public static final int MAX_BYTES = 8 * 1024;

    private byte[] bytes = new byte[256];
    /**
     * The decoded characters of a text that is not all ASCII; made at the first such text, so a
     * session that sends ASCII only keeps the bytes alone. Never longer than the bytes: every
     * character takes at least one byte, a surrogate pair four.
     */
    private char[] chars;
    /** Whether the current text is all ASCII: its characters are then its bytes. */
    private boolean ascii;
    private int length;

    /**
     * This view over the NUL-terminated text of {@code size} bytes (terminator included) at
     * {@code index}, or null when it holds a byte of 0x80 or more and {@code utf8} is false, is not
     * valid UTF-8, holds another NUL, lacks its terminator or is longer than {@link #MAX_BYTES}.
     */
    public CharSequence of(ByteBuf buf, int index, int size, boolean utf8) {
        int n = size - 1;
        if (n < 0 || n > MAX_BYTES || buf.getByte(index + n) != 0) {
            return null;
        }
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        buf.getBytes(index, bytes, 0, n);
        byte[] in = bytes;
        int i = 0;
        while (i < n && in[i] > 0) {
            i++;
        }
        if (i == n) {
            ascii = true;
            length = n;
            return this;
        }
        if (in[i] == 0 || !utf8) {
            return null;
        }
        return decodeUtf8(in, i, n);
    }

    /** Decodes the text whose first {@code asciiPrefix} bytes are ASCII; null when it is not valid UTF-8. */
    private CharSequence decodeUtf8(byte[] in, int asciiPrefix, int n) {
        if (chars == null || chars.length < n) {
            chars = new char[Math.max(n, bytes.length)];
        }
        char[] out = chars;
        for (int k = 0; k < asciiPrefix; k++) {
            out[k] = (char) in[k];
        }
        int count = asciiPrefix;
        int i = asciiPrefix;
        while (i < n) {
            byte b = in[i];
            if (b > 0) {
                out[count++] = (char) b;
                i++;
            } else if (b == 0) {
                return null;
            } else {
                int sequence = utf8Sequence(in, i, n);
                if (sequence < 0) {
                    return null;
                }
                int codePoint = sequence >>> 3;
                if (codePoint >= Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                    out[count++] = Character.highSurrogate(codePoint);
                    out[count++] = Character.lowSurrogate(codePoint);
                } else {
                    out[count++] = (char) codePoint;
                }
                i += sequence & 7;
            }
        }
        ascii = false;
        length = count;
        return this;
    }

    /**
     * The multi-byte UTF-8 character starting at {@code start} (before {@code end}) as its code
     * point shifted left by three bits plus its length in bytes, or -1 when it is not one: a stray
     * continuation byte, a lead byte of 0xF5 or more, a sequence cut short, an overlong form, a
     * surrogate, or a code point above U+10FFFF. These are the sequences PostgreSQL refuses too.
     */
    private static int utf8Sequence(byte[] in, int start, int end) {
        int lead = in[start] & 0xFF;
        int extra;
        int codePoint;
        int smallest;
        if (lead >= 0xC2 && lead <= 0xDF) {
            extra = 1;
            codePoint = lead & 0x1F;
            smallest = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            extra = 2;
            codePoint = lead & 0x0F;
            smallest = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            extra = 3;
            codePoint = lead & 0x07;
            smallest = Character.MIN_SUPPLEMENTARY_CODE_POINT;
        } else {
            return -1;
        }
        if (start + extra >= end) {
            return -1;
        }
        for (int k = 1; k <= extra; k++) {
            int next = in[start + k];
            if ((next & 0xC0) != 0x80) {
                return -1;
            }
            codePoint = codePoint << 6 | next & 0x3F;
        }
        if (codePoint < smallest || codePoint > Character.MAX_CODE_POINT
                || codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            return -1;
        }
        return codePoint << 3 | extra + 1;
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
        return ascii ? (char) bytes[index] : chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return ascii ? new String(bytes, 0, length, StandardCharsets.US_ASCII) : new String(chars, 0, length);
    }
}
