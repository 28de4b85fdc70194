package dev.phasegate.gateway.protocol.frontend;

import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;

/** Simple query: one string that may hold several statements separated by semicolons. */
public record Query(String sql) implements FrontendMessage {

    public static Query decode(ByteBuf frame, Charset charset) {
        return new Query(Wire.readCString(Wire.body(frame), charset));
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, Charset charset) {
        ByteBuf buf = Wire.begin(alloc, FrontendType.QUERY, sql.length() + 1);
        Wire.writeCString(buf, sql, charset);
        return Wire.finish(buf);
    }
}
