package dev.phasegate.gateway.session;

import dev.phasegate.config.HostPort;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

/** An upstream made of embedded channels: each connect gives a new one the test plays the server on. */
final class FakeUpstream implements UpstreamConnector {

    final List<EmbeddedChannel> connections = new ArrayList<>();
    boolean refuse;

    @Override
    public HostPort address() {
        return new HostPort("db.example", 5432);
    }

    @Override
    public ChannelFuture connect(EventLoop loop, ChannelHandler initializer) {
        if (refuse) {
            return new EmbeddedChannel().newFailedFuture(new ConnectException("Connection refused"));
        }
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        connections.add(channel);
        return channel.newSucceededFuture();
    }

    EmbeddedChannel last() {
        return connections.get(connections.size() - 1);
    }

    void close() {
        connections.forEach(EmbeddedChannel::finishAndReleaseAll);
    }
}
