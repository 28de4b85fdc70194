package dev.phasegate.gateway.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;

/** A typed message a client sends, that the gateway may decode, change and encode again. */
public sealed interface FrontendMessage permits Query, Parse, Bind, Describe, Close, Execute {

    /** Encodes the complete frame (type byte, length word, body). */
    ByteBuf encode(ByteBufAllocator alloc, Charset charset);
}
