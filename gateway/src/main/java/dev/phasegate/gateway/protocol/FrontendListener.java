package dev.phasegate.gateway.protocol;

import dev.phasegate.gateway.protocol.frontend.CancelRequest;
import dev.phasegate.gateway.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;

/** What a {@link FrontendMessageDecoder} reports: the startup-phase packets, then typed frames. */
public interface FrontendListener extends FrameListener {

    /** SSLRequest: answer 'S' (and put TLS in place before returning) or 'N'. */
    void onSslRequest();

    /** GSSENCRequest: the gateway answers 'N'. */
    void onGssEncRequest();

    /** CancelRequest: the connection carries nothing else. */
    void onCancelRequest(CancelRequest request);

    /**
     * StartupMessage. The decoder pauses after it (so typed frames that follow wait until the session
     * has an upstream) until {@link FrontendMessageDecoder#resume()}.
     *
     * @param packet the packet's original bytes, owned by the listener
     */
    void onStartupMessage(StartupMessage message, ByteBuf packet);
}
