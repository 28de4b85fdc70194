package dev.phasegate.gateway.protocol.backend;

import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/** ParameterDescription: the type OIDs of a prepared statement's parameters ($1..$n). */
public record ParameterDescription(int[] typeOids) {

    public ParameterDescription {
        typeOids = typeOids.clone();
    }

    public static ParameterDescription decode(ByteBuf frame) {
        ByteBuf body = Wire.body(frame);
        int count = body.readUnsignedShort();
        Wire.requireReadable(body, 4L * count);
        int[] oids = new int[count];
        for (int i = 0; i < count; i++) {
            oids[i] = body.readInt();
        }
        return new ParameterDescription(oids);
    }

    @Override
    public int[] typeOids() {
        return typeOids.clone();
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf buf = Wire.begin(alloc, BackendType.PARAMETER_DESCRIPTION, 2 + 4 * typeOids.length);
        buf.writeShort(typeOids.length);
        for (int oid : typeOids) {
            buf.writeInt(oid);
        }
        return Wire.finish(buf);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterDescription p && Arrays.equals(p.typeOids, typeOids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(typeOids);
    }

    @Override
    public String toString() {
        return "ParameterDescription" + Arrays.toString(typeOids);
    }
}
