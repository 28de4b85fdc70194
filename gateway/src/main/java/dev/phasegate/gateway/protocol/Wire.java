package dev.phasegate.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Reading and writing the protocol's primitive shapes: NUL-terminated strings and framed messages. */
public final class Wire {

    private Wire() {
    }

    /** Reads a NUL-terminated string at the reader index and moves past its terminator. */
    public static String readCString(ByteBuf buf, Charset charset) {
        int length = buf.bytesBefore((byte) 0);
        if (length < 0) {
            throw new ProtocolViolationException("string without terminator in message");
        }
        String value = asciiOrDecode(buf, buf.readerIndex(), length, charset);
        buf.skipBytes(length + 1);
        return value;
    }

    /** The string from {@code index} up to its terminator at {@code terminator}, read in place. */
    public static String stringAt(ByteBuf buf, int index, int terminator, Charset charset) {
        return asciiOrDecode(buf, index, terminator - index, charset);
    }

    /** Where the NUL-terminated string at {@code index} ends, or -1 when no terminator comes before {@code end}. */
    public static int terminatorOf(ByteBuf buf, int index, int end) {
        return buf.indexOf(index, end, (byte) 0);
    }

    /**
     * Statement and portal names, parameter names and most SQL are ASCII, which reads the same in
     * every client encoding PostgreSQL offers: Netty copies such bytes straight into a string
     * instead of running the charset decoder (the costlier part of decoding a Bind).
     */
    private static String asciiOrDecode(ByteBuf buf, int index, int length, Charset charset) {
        Charset decodeAs = ByteBufUtil.isText(buf, index, length, StandardCharsets.US_ASCII)
                ? StandardCharsets.US_ASCII : charset;
        return buf.toString(index, length, decodeAs);
    }

    public static void writeCString(ByteBuf buf, String value, Charset charset) {
        if (charset == StandardCharsets.UTF_8) {
            // writeCharSequence reserves three bytes per char for UTF-8, which outgrows a buffer
            // sized for the text and makes it reallocate and copy; counting the bytes first is cheaper.
            int bytes = ByteBufUtil.utf8Bytes(value);
            ByteBufUtil.reserveAndWriteUtf8(buf, value, bytes + 1);
        } else {
            buf.writeCharSequence(value, charset);
        }
        buf.writeByte(0);
    }

    /** Reads an {@code int16} count and that many {@code int16}s. */
    public static short[] readShorts(ByteBuf buf) {
        int count = buf.readUnsignedShort();
        requireReadable(buf, 2L * count);
        short[] values = new short[count];
        for (int i = 0; i < count; i++) {
            values[i] = buf.readShort();
        }
        return values;
    }

    public static void writeShorts(ByteBuf buf, short[] values) {
        buf.writeShort(values.length);
        for (short v : values) {
            buf.writeShort(v);
        }
    }

    public static void requireReadable(ByteBuf buf, long bytes) {
        if (buf.readableBytes() < bytes) {
            throw new ProtocolViolationException("message shorter than its contents");
        }
    }

    /** The body of a complete frame (type byte and length word skipped), sharing its bytes. */
    public static ByteBuf body(ByteBuf frame) {
        return frame.slice(frame.readerIndex() + 5, frame.readableBytes() - 5);
    }

    /** Starts a framed message: writes the type byte and a length word to fill in with {@link #finish}. */
    public static ByteBuf begin(ByteBufAllocator alloc, byte type, int bodySizeHint) {
        ByteBuf buf = alloc.buffer(5 + bodySizeHint);
        buf.writeByte(type);
        buf.writeInt(0);
        return buf;
    }

    /** Fills in the length word of a message started with {@link #begin}. */
    public static ByteBuf finish(ByteBuf buf) {
        buf.setInt(1, buf.writerIndex() - 1);
        return buf;
    }
}
