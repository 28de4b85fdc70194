package dev.phasegate.gateway.session;

import dev.phasegate.config.HostPort;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;

/** Opens connections to the upstream server on a given event loop (the client's: no cross-thread hops). */
public interface UpstreamConnector {

    /** The upstream's address, for logs and error messages. */
    HostPort address();

    /** Connects on {@code loop}; {@code initializer} sets up the new channel's pipeline. */
    ChannelFuture connect(EventLoop loop, ChannelHandler initializer);
}
