package dev.phasegate.gateway.server;

import dev.phasegate.config.HostPort;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.session.CancelRegistry;
import dev.phasegate.gateway.session.Session;
import dev.phasegate.gateway.session.SessionRegistry;
import dev.phasegate.gateway.session.SessionServices;
import dev.phasegate.gateway.session.TcpUpstreamConnector;
import dev.phasegate.gateway.session.UpstreamConnector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: accepts clients on {@code listen} and gives each a {@link Session} in front of
 * the configured upstream.
 *
 * <p>Event loops: {@code proxy.ioThreads} (default one per four cores) serve accepting, clients and
 * upstream connections alike; a session's upstream connection lives on its client's loop.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /**
     * Outbound buffering per connection before backpressure stops the other side's reads. Large
     * enough that a streaming result rarely toggles, small enough that 1,000 slow clients hold
     * well under a gigabyte.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final PhasegateConfig config;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final SessionRegistry sessions;
    private final Transport transport;
    private final ByteBufAllocator allocator;
    private volatile boolean stopped;

    private Gateway(PhasegateConfig config, EventLoopGroup group, Channel serverChannel, SessionRegistry sessions,
                    Transport transport, ByteBufAllocator allocator) {
        this.allocator = allocator;
        this.config = config;
        this.group = group;
        this.serverChannel = serverChannel;
        this.sessions = sessions;
        this.transport = transport;
    }

    /** Starts a gateway and binds its listening socket; fails if the address cannot be bound. */
    public static Gateway start(PhasegateConfig config, QueryHook hook) {
        return start(config, hook, ConnectionListener.NONE);
    }

    /**
     * Starts a gateway that reports its client and upstream connections to {@code connections}.
     */
    public static Gateway start(PhasegateConfig config, QueryHook hook, ConnectionListener connections) {
        Transport transport = Transport.choose(config.proxy().transport(), config.source());
        int threads = config.proxy().ioThreads() > 0 ? config.proxy().ioThreads()
                : defaultIoThreads(Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = new UntimedWaitEventLoopGroup(threads, new DefaultThreadFactory("phasegate-io"),
                transport.ioHandlerFactory());
        try {
            ByteBufAllocator allocator = allocator();
            SslContext tls = TlsContexts.forServer(config.tls());
            UpstreamConnector tcp = new TcpUpstreamConnector(config.upstream().address(),
                    config.upstream().connectTimeout(), transport.socketChannel(), allocator, WATER_MARK);
            // Sessions' connections are counted; the short-lived ones that carry a CancelRequest are not.
            UpstreamConnector connector = counting(tcp, connections);
            SessionRegistry sessions = new SessionRegistry();
            SessionServices services = new SessionServices(config.proxy().maxFrameBytes(), tls, hook, connector,
                    new CancelRegistry(tcp), sessions, STARTUP_TIMEOUT, config.proxy().relay());
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.ALLOCATOR, allocator)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (connections != ConnectionListener.NONE) {
                                connections.clientConnected();
                                ch.closeFuture().addListener(f -> connections.clientDisconnected());
                            }
                            Session.install(ch, services);
                        }
                    });
            Channel server = bootstrap.bind(config.listen().host(), config.listen().port()).syncUninterruptibly()
                    .channel();
            Gateway gateway = new Gateway(config, group, server, sessions, transport, allocator);
            log.info("Phasegate {} listening on {}, upstream {} ({} transport, {} I/O threads{})", Version.current(),
                    gateway.address(), config.upstream().address(), transport.label(),
                    threads, tls == null ? "" : ", TLS");
            return gateway;
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Counts upstream connections as they open, fail and close. */
    private static UpstreamConnector counting(UpstreamConnector connector, ConnectionListener connections) {
        if (connections == ConnectionListener.NONE) {
            return connector;
        }
        return new UpstreamConnector() {
            @Override
            public HostPort address() {
                return connector.address();
            }

            @Override
            public ChannelFuture connect(EventLoop loop,
                                                          ChannelHandler initializer) {
                ChannelFuture future = connector.connect(loop, initializer);
                future.addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        connections.upstreamConnected();
                        f.channel().closeFuture().addListener(c -> connections.upstreamDisconnected());
                    } else {
                        connections.upstreamConnectFailed();
                    }
                });
                return future;
            }
        };
    }

    /**
     * One I/O thread per four cores, at least one. A relay spends its time in send/recv and epoll
     * wake-ups, not in Java code: one loop serving many connections gets several ready sockets per
     * wake-up, where more loops each wake up for one, paying a context switch each time. Measured
     * on 2 cores shared with PostgreSQL and pgbench: one thread gave about 40% more pgbench -S
     * throughput than two, at a third less CPU per transaction.
     */
    static int defaultIoThreads(int cores) {
        return Math.max(1, cores / 4);
    }

    /**
     * Netty's adaptive allocator: reads land in its direct buffers and leave as slices of them, no
     * copies. Against {@link PooledByteBufAllocator} the event loop spent less user time per TPC-B-like
     * transaction in 6 of 6 A/B pairs, 5.5 µs in the median (docs/benchmarks.md, seventeenth session):
     * the pooled allocator's per-thread cache passes every buffer it hands out or takes back through
     * a recycled entry of a multi-producer queue. {@code -Dphasegate.allocator=pooled} selects the
     * pooled allocator for comparison.
     */
    private static ByteBufAllocator allocator() {
        if ("pooled".equalsIgnoreCase(System.getProperty("phasegate.allocator"))) {
            return PooledByteBufAllocator.DEFAULT;
        }
        return new AdaptiveByteBufAllocator();
    }

    /** The bound address (with the real port when {@code listen} asked for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The buffer allocator of every connection (for its metrics). */
    public ByteBufAllocator bufferAllocator() {
        return allocator;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public Transport transport() {
        return transport;
    }

    /** Graceful stop with the configured {@code proxy.shutdownGrace}. */
    @Override
    public void close() {
        shutdown(config.proxy().shutdownGrace());
    }

    /**
     * Stops accepting, lets sessions finish their current work within {@code grace} (idle ones end
     * at once), then ends the rest and stops the event loops.
     */
    public synchronized void shutdown(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        int open = sessions.size();
        log.info("Shutting down: no new connections; {} session(s) get up to {}s to finish", open, grace.toSeconds());
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        sessions.drainAll();
        boolean clean;
        try {
            clean = sessions.awaitEmpty(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        if (!clean) {
            log.info("Grace period over: ending {} remaining session(s)", sessions.size());
            sessions.closeAll();
            try {
                sessions.awaitEmpty(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Bounded: a stop must never hang the JVM's exit, whatever an event loop is stuck on.
        if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS)) {
            log.warn("Event loops did not stop within 10s; exiting anyway");
        }
        log.info("Phasegate stopped");
    }
}
