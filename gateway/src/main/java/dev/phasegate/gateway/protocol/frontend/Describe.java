package dev.phasegate.gateway.protocol.frontend;

import dev.phasegate.gateway.protocol.ProtocolViolationException;
import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;

/**
 * Describe a prepared statement ({@code 'S'}: answered by ParameterDescription and RowDescription
 * or NoData) or a portal ({@code 'P'}: RowDescription or NoData).
 */
public record Describe(char kind, String name) implements FrontendMessage {

    public static final char STATEMENT = 'S';
    public static final char PORTAL = 'P';

    public Describe {
        if (kind != STATEMENT && kind != PORTAL) {
            throw new ProtocolViolationException("Describe of '" + kind + "': expected 'S' or 'P'");
        }
    }

    public static Describe decode(ByteBuf frame, Charset charset) {
        ByteBuf body = Wire.body(frame);
        Wire.requireReadable(body, 1);
        char kind = (char) body.readByte();
        return new Describe(kind, Wire.readCString(body, charset));
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, Charset charset) {
        ByteBuf buf = Wire.begin(alloc, FrontendType.DESCRIBE, name.length() + 2);
        buf.writeByte(kind);
        Wire.writeCString(buf, name, charset);
        return Wire.finish(buf);
    }
}
