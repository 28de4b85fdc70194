package dev.phasegate.admin.http;

import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.metrics.PhasegateMetrics;
import dev.phasegate.admin.service.ColumnService;
import dev.phasegate.admin.service.RewritePreviewer;
import dev.phasegate.admin.service.SessionDirectory;
import dev.phasegate.admin.store.SnapshotFeed;
import dev.phasegate.config.AdminConfig;
import dev.phasegate.config.HostPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server: one Netty event loop for I/O, a small worker pool for everything a
 * request does (routes may block on JDBC).
 *
 * <pre>{@code
 * AdminServer server = AdminServer.builder()
 *         .config(config.admin())                  // listen address and token (admin.token / env / generated)
 *         .columns(columnService).feed(feed).audit(auditLog).metrics(metrics)
 *         .rewritePreviewer(previewer).sessions(sessionDirectory)
 *         .routes(jobRoutes)                       // extra endpoints, e.g. .../backfill
 *         .start();
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final EventLoopGroup group;
    private final ThreadPoolExecutor workers;
    private final Channel channel;
    private final AdminToken token;
    private final List<Route> routes;

    private AdminServer(EventLoopGroup group, ThreadPoolExecutor workers, Channel channel, AdminToken token,
                        List<Route> routes) {
        this.group = group;
        this.workers = workers;
        this.channel = channel;
        this.token = token;
        this.routes = routes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound address (the real port when configured with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** {@code http://host:port}. */
    public String baseUrl() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public AdminToken token() {
        return token;
    }

    /** Every route served, core and extra, in matching order. */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Assembles the server; every collaborator is optional, and an endpoint whose collaborator is missing is not served. */
    public static final class Builder {
        private HostPort listen = new HostPort("127.0.0.1", 8543);
        private AdminToken token;
        private Consumer<AdminToken> announcer = Builder::logGenerated;
        private ColumnService columns;
        private SnapshotFeed feed;
        private AuditLog audit;
        private PhasegateMetrics metrics;
        private RewritePreviewer previewer = RewritePreviewer.UNAVAILABLE;
        private SessionDirectory sessions = SessionDirectory.NONE;
        private String gatewayId = "phasegate";
        private Clock clock = Clock.systemUTC();
        private int workerThreads = 4;
        private int maxBodyBytes = 1 << 20;
        private final List<Route> extraRoutes = new ArrayList<>();
        private final Map<String, HealthCheck> healthChecks = new LinkedHashMap<>();

        private Builder() {
        }

        /** Listen address and token from {@code admin:} (token from config, else the environment, else generated). */
        public Builder config(AdminConfig admin) {
            this.listen = admin.listen();
            this.token = AdminToken.resolve(admin, System.getenv());
            return this;
        }

        public Builder listen(HostPort address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder token(AdminToken value) {
            this.token = Objects.requireNonNull(value, "token");
            return this;
        }

        /** What to do with a generated token (default: log it once). The demo prints it itself. */
        public Builder announceGeneratedToken(Consumer<AdminToken> announce) {
            this.announcer = Objects.requireNonNull(announce, "announce");
            return this;
        }

        public Builder columns(ColumnService service) {
            this.columns = service;
            return this;
        }

        public Builder feed(SnapshotFeed snapshotFeed) {
            this.feed = snapshotFeed;
            return this;
        }

        public Builder audit(AuditLog log) {
            this.audit = log;
            return this;
        }

        public Builder metrics(PhasegateMetrics registry) {
            this.metrics = registry;
            return this;
        }

        public Builder rewritePreviewer(RewritePreviewer p) {
            this.previewer = Objects.requireNonNull(p, "previewer");
            return this;
        }

        public Builder sessions(SessionDirectory directory) {
            this.sessions = Objects.requireNonNull(directory, "sessions");
            return this;
        }

        public Builder gatewayId(String id) {
            this.gatewayId = Objects.requireNonNull(id, "id");
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public Builder workerThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workerThreads must be at least 1");
            }
            this.workerThreads = n;
            return this;
        }

        public Builder maxBodyBytes(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive");
            }
            this.maxBodyBytes = n;
            return this;
        }

        /** An extra endpoint (jobs: backfill, verify, schema). Served after the core ones; duplicates fail start. */
        public Builder route(Route route) {
            extraRoutes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        public Builder routes(List<Route> routes) {
            routes.forEach(this::route);
            return this;
        }

        /** An extra readiness check for {@code /health}. */
        public Builder healthCheck(String name, HealthCheck check) {
            healthChecks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws IllegalStateException when the address cannot be bound
         */
        public AdminServer start() {
            AdminToken resolved = token != null ? token : AdminToken.resolve(null, System.getenv());
            List<Route> all = new ArrayList<>();
            Map<String, HealthCheck> checks = new LinkedHashMap<>();
            if (feed != null) {
                checks.put("phaseStore", HealthResource.feedCheck(feed));
            }
            checks.putAll(healthChecks);
            all.addAll(new HealthResource(gatewayId, checks).routes());
            if (metrics != null) {
                all.add(Route.get("/metrics", request -> AdminResponse.text(200, PhasegateMetrics.CONTENT_TYPE,
                        metrics.scrape())));
            }
            if (columns != null) {
                all.addAll(new ColumnsResource(columns, feed).routes());
            }
            if (audit != null) {
                all.addAll(new AuditResource(audit).routes());
            }
            all.addAll(new RewriteResource(previewer, feed != null ? feed::current
                    : columns != null ? columns::columns : null).routes());
            all.addAll(new SessionsResource(sessions).routes());
            all.addAll(extraRoutes);
            Router router = new Router(all);

            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(256), r -> {
                        Thread t = new Thread(r, "phasegate-admin-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            int maxBody = maxBodyBytes;
            PhasegateMetrics registry = metrics;
            try {
                Channel channel = new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline()
                                        .addLast("idle", new IdleStateHandler(0, 0, 120))
                                        .addLast("http", new HttpServerCodec())
                                        .addLast("aggregate", new JsonLimitedAggregator(maxBody))
                                        .addLast("admin", new AdminHttpHandler(router, resolved, pool, registry));
                            }
                        })
                        .bind(listen.host(), listen.port()).syncUninterruptibly().channel();
                AdminServer server = new AdminServer(group, pool, channel, resolved, List.copyOf(all));
                log.info("Admin API listening on {}", server.baseUrl());
                if (resolved.origin() == AdminToken.Origin.GENERATED) {
                    announcer.accept(resolved);
                }
                return server;
            } catch (RuntimeException e) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                pool.shutdownNow();
                throw new IllegalStateException("cannot listen on " + listen + " for the admin API: " + e.getMessage(),
                        e);
            }
        }

        private static void logGenerated(AdminToken token) {
            log.warn("Admin API token (generated at start; set admin.token or {} to choose one): {}", AdminToken.ENV,
                    token.value());
        }
    }
}
