package dev.phasegate.gateway.session;

import dev.phasegate.gateway.protocol.backend.BackendKeyData;
import dev.phasegate.gateway.protocol.frontend.CancelRequest;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the cancel keys clients see to the upstream backends' own keys.
 *
 * <p>A client gets its upstream backend's process id (so {@code pg_backend_pid()}, NOTIFY's sender
 * pid and {@code pg_stat_activity} agree with what it was told) with a secret the gateway drew
 * itself; the upstream's real secret never leaves the gateway. A CancelRequest arrives on a fresh
 * connection, possibly on another event loop: the map is concurrent; the forwarded cancel opens its
 * own upstream connection, as PostgreSQL requires.
 */
public final class CancelRegistry {

    private static final Logger log = LoggerFactory.getLogger(CancelRegistry.class);

    private final ConcurrentMap<Long, BackendKeyData> upstreamKeys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final UpstreamConnector connector;

    public CancelRegistry(UpstreamConnector connector) {
        this.connector = connector;
    }

    /** Issues the key the client sees for an upstream backend and remembers the mapping. */
    BackendKeyData register(BackendKeyData upstream) {
        while (true) {
            byte[] secret = new byte[4];
            random.nextBytes(secret);
            BackendKeyData issued = new BackendKeyData(upstream.processId(), secret);
            if (upstreamKeys.putIfAbsent(key(issued.processId(), secret), upstream) == null) {
                return issued;
            }
        }
    }

    void unregister(BackendKeyData issued) {
        if (issued != null) {
            upstreamKeys.remove(key(issued.processId(), issued.secretKey()));
        }
    }

    int size() {
        return upstreamKeys.size();
    }

    /**
     * Forwards a client's CancelRequest to the upstream backend its key maps to. Unknown keys are
     * ignored, as PostgreSQL ignores them (no answer either way).
     *
     * @return whether the key was known
     */
    public boolean cancel(CancelRequest request, EventLoop loop) {
        byte[] secret = request.secretKey();
        BackendKeyData upstream = secret.length == 4 ? upstreamKeys.get(key(request.processId(), secret)) : null;
        if (upstream == null) {
            log.debug("CancelRequest for unknown key (pid {}) ignored", request.processId());
            return false;
        }
        CancelRequest forwarded = new CancelRequest(upstream.processId(), upstream.secretKey());
        connector.connect(loop, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                // Nothing to read: the server closes the connection after acting on the request.
            }
        }).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                f.channel().writeAndFlush(forwarded.encode(f.channel().alloc()))
                        .addListener(ChannelFutureListener.CLOSE);
                log.debug("CancelRequest for backend {} forwarded to {}", upstream.processId(), connector.address());
            } else {
                log.warn("CancelRequest for backend {} could not reach upstream {}: {}", upstream.processId(),
                        connector.address(), f.cause().toString());
            }
        });
        return true;
    }

    private static long key(int pid, byte[] secret) {
        long s = ((secret[0] & 0xffL) << 24) | ((secret[1] & 0xffL) << 16) | ((secret[2] & 0xffL) << 8)
                | (secret[3] & 0xffL);
        return ((long) pid << 32) | s;
    }
}
