package dev.phasegate.gateway.protocol.frontend;

import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;

/** Execute a portal; {@code maxRows} 0 means all rows, else it may end with PortalSuspended. */
public record Execute(String portal, int maxRows) implements FrontendMessage {

    public static Execute decode(ByteBuf frame, Charset charset) {
        ByteBuf body = Wire.body(frame);
        String portal = Wire.readCString(body, charset);
        Wire.requireReadable(body, 4);
        return new Execute(portal, body.readInt());
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, Charset charset) {
        ByteBuf buf = Wire.begin(alloc, FrontendType.EXECUTE, portal.length() + 5);
        Wire.writeCString(buf, portal, charset);
        buf.writeInt(maxRows);
        return Wire.finish(buf);
    }
}
