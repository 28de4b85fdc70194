package dev.phasegate.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/** A side of a session on its Netty channel: the login phase, TLS, and transports without a relay. */
final class ChannelLink implements Link {

    private final Channel channel;

    ChannelLink(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void write(ByteBuf buf) {
        channel.write(buf, channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void writeAndFlush(ByteBuf buf) {
        channel.writeAndFlush(buf, channel.voidPromise());
    }

    @Override
    public void closeAfterWrites() {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public void readWhile(boolean peerWritable) {
        channel.config().setAutoRead(peerWritable);
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }
}
