package dev.phasegate.gateway.protocol.backend;

import dev.phasegate.gateway.protocol.ProtocolViolationException;
import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * DataRow: one row's column values, each a slice of the frame it came in ({@code null} for SQL
 * NULL), in the format the client asked for (text or binary). Only rows of a statement whose
 * result a hook filters are ever decoded into this form.
 *
 * <p>The slices are valid only while the result observer that received the row runs; a row it
 * returns (for instance from {@link #project}) is encoded before they are released.
 */
public final class DataRow {

    private final List<ByteBuf> values;

    public DataRow(List<ByteBuf> values) {
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static DataRow decode(ByteBuf frame) {
        ByteBuf body = Wire.body(frame);
        int count = body.readUnsignedShort();
        List<ByteBuf> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Wire.requireReadable(body, 4);
            int length = body.readInt();
            if (length == -1) {
                values.add(null);
            } else if (length < 0) {
                throw new ProtocolViolationException("DataRow column " + (i + 1) + " has length " + length);
            } else {
                Wire.requireReadable(body, length);
                values.add(body.readSlice(length));
            }
        }
        return new DataRow(values);
    }

    public int columnCount() {
        return values.size();
    }

    public boolean isNull(int column) {
        return values.get(column) == null;
    }

    /** The raw value of a column (0-based), or {@code null} for SQL NULL. */
    public ByteBuf value(int column) {
        return values.get(column);
    }

    /** A text-format value decoded as a string, or {@code null} for SQL NULL. */
    public String text(int column, Charset charset) {
        ByteBuf v = values.get(column);
        return v == null ? null : v.toString(charset);
    }

    /** This row with only the given columns (0-based), in that order. No bytes are copied. */
    public DataRow project(int... columns) {
        List<ByteBuf> kept = new ArrayList<>(columns.length);
        for (int c : columns) {
            kept.add(values.get(c));
        }
        return new DataRow(kept);
    }

    /** This row without its last {@code n} columns. */
    public DataRow dropTrailing(int n) {
        return new DataRow(values.subList(0, values.size() - n));
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        int size = 2;
        for (ByteBuf v : values) {
            size += 4 + (v == null ? 0 : v.readableBytes());
        }
        ByteBuf buf = Wire.begin(alloc, BackendType.DATA_ROW, size);
        buf.writeShort(values.size());
        for (ByteBuf v : values) {
            if (v == null) {
                buf.writeInt(-1);
            } else {
                buf.writeInt(v.readableBytes());
                buf.writeBytes(v, v.readerIndex(), v.readableBytes());
            }
        }
        return Wire.finish(buf);
    }
}
