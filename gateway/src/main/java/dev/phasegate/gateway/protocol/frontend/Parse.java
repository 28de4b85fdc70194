package dev.phasegate.gateway.protocol.frontend;

import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Parse: prepares {@code sql} as statement {@code name} ({@code ""} is the unnamed statement).
 *
 * @param parameterTypes type OIDs the client fixed for {@code $1..$n}; 0 leaves one to the server
 */
public record Parse(String name, String sql, int[] parameterTypes) implements FrontendMessage {

    public Parse {
        parameterTypes = parameterTypes.clone();
    }

    public static Parse decode(ByteBuf frame, Charset charset) {
        ByteBuf body = Wire.body(frame);
        String name = Wire.readCString(body, charset);
        String sql = Wire.readCString(body, charset);
        int count = body.readUnsignedShort();
        Wire.requireReadable(body, 4L * count);
        int[] types = new int[count];
        for (int i = 0; i < count; i++) {
            types[i] = body.readInt();
        }
        return new Parse(name, sql, types);
    }

    /** The same statement with other text (and the same parameter types). */
    public Parse withSql(String newSql) {
        return new Parse(name, newSql, parameterTypes);
    }

    @Override
    public int[] parameterTypes() {
        return parameterTypes.clone();
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, Charset charset) {
        ByteBuf buf = Wire.begin(alloc, FrontendType.PARSE, name.length() + sql.length() + 4 + 4 * parameterTypes.length);
        Wire.writeCString(buf, name, charset);
        Wire.writeCString(buf, sql, charset);
        buf.writeShort(parameterTypes.length);
        for (int oid : parameterTypes) {
            buf.writeInt(oid);
        }
        return Wire.finish(buf);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parse p && p.name.equals(name) && p.sql.equals(sql)
                && Arrays.equals(p.parameterTypes, parameterTypes);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + sql.hashCode()) * 31 + Arrays.hashCode(parameterTypes);
    }

    @Override
    public String toString() {
        return "Parse[name=" + name + ", sql=" + sql + ", parameterTypes=" + Arrays.toString(parameterTypes) + "]";
    }
}
