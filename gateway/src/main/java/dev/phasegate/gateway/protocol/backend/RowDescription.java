package dev.phasegate.gateway.protocol.backend;

import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/** RowDescription: the columns of the rows that follow (or that a Describe would return). */
public record RowDescription(List<Field> fields) {

    /**
     * One column.
     *
     * @param tableOid        the table's OID when the column is a plain table column, else 0
     * @param columnAttribute the column's attribute number in that table, else 0
     * @param format          0 text, 1 binary (always 0 in a Describe of a statement)
     */
    public record Field(String name, int tableOid, short columnAttribute, int typeOid, short typeSize,
                        int typeModifier, short format) {
    }

    public RowDescription {
        fields = List.copyOf(fields);
    }

    public static RowDescription decode(ByteBuf frame, Charset charset) {
        ByteBuf body = Wire.body(frame);
        int count = body.readUnsignedShort();
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = Wire.readCString(body, charset);
            Wire.requireReadable(body, 18);
            fields.add(new Field(name, body.readInt(), body.readShort(), body.readInt(), body.readShort(),
                    body.readInt(), body.readShort()));
        }
        return new RowDescription(fields);
    }

    /** The same description with only the given columns (0-based), in that order. */
    public RowDescription project(int... columns) {
        List<Field> kept = new ArrayList<>(columns.length);
        for (int c : columns) {
            kept.add(fields.get(c));
        }
        return new RowDescription(kept);
    }

    public ByteBuf encode(ByteBufAllocator alloc, Charset charset) {
        ByteBuf buf = Wire.begin(alloc, BackendType.ROW_DESCRIPTION, 2 + 32 * fields.size());
        buf.writeShort(fields.size());
        for (Field f : fields) {
            Wire.writeCString(buf, f.name(), charset);
            buf.writeInt(f.tableOid());
            buf.writeShort(f.columnAttribute());
            buf.writeInt(f.typeOid());
            buf.writeShort(f.typeSize());
            buf.writeInt(f.typeModifier());
            buf.writeShort(f.format());
        }
        return Wire.finish(buf);
    }
}
