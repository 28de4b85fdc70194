package dev.phasegate.gateway.session;

import dev.phasegate.config.HostPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;

/** Opens TCP connections to the upstream server, with TCP_NODELAY, keep-alive and the gateway's allocator. */
public final class TcpUpstreamConnector implements UpstreamConnector {

    private final HostPort address;
    private final Duration connectTimeout;
    private final Class<? extends SocketChannel> channelType;
    private final ByteBufAllocator allocator;
    private final WriteBufferWaterMark waterMark;

    public TcpUpstreamConnector(HostPort address, Duration connectTimeout, Class<? extends SocketChannel> channelType,
                             ByteBufAllocator allocator, WriteBufferWaterMark waterMark) {
        this.address = address;
        this.connectTimeout = connectTimeout;
        this.channelType = channelType;
        this.allocator = allocator;
        this.waterMark = waterMark;
    }

    @Override
    public HostPort address() {
        return address;
    }

    @Override
    public ChannelFuture connect(EventLoop loop, ChannelHandler initializer) {
        return new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.ALLOCATOR, allocator)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(initializer)
                .connect(address.host(), address.port());
    }
}
