package dev.phasegate.gateway.protocol.frontend;

import dev.phasegate.gateway.protocol.ProtocolViolationException;
import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;

/** Close a prepared statement ({@code 'S'}) or a portal ({@code 'P'}); answered by CloseComplete. */
public record Close(char kind, String name) implements FrontendMessage {

    public static final char STATEMENT = 'S';
    public static final char PORTAL = 'P';

    public Close {
        if (kind != STATEMENT && kind != PORTAL) {
            throw new ProtocolViolationException("Close of '" + kind + "': expected 'S' or 'P'");
        }
    }

    public static Close decode(ByteBuf frame, Charset charset) {
        ByteBuf body = Wire.body(frame);
        Wire.requireReadable(body, 1);
        char kind = (char) body.readByte();
        return new Close(kind, Wire.readCString(body, charset));
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, Charset charset) {
        ByteBuf buf = Wire.begin(alloc, FrontendType.CLOSE, name.length() + 2);
        buf.writeByte(kind);
        Wire.writeCString(buf, name, charset);
        return Wire.finish(buf);
    }
}
