package dev.phasegate.gateway.runtime;

import dev.phasegate.admin.ControlPlane;
import dev.phasegate.admin.JobsExtension;
import dev.phasegate.admin.http.AdminServer;
import dev.phasegate.admin.http.AdminToken;
import dev.phasegate.admin.http.NettyBufferPools;
import dev.phasegate.admin.metrics.PhasegateMetrics;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.gateway.rewrite.RewritePreviews;
import dev.phasegate.gateway.rewrite.RewritingHook;
import dev.phasegate.gateway.server.ConnectionListener;
import dev.phasegate.gateway.server.Gateway;
import dev.phasegate.rewriter.PlanCache;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.catalog.Catalog;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Phasegate in one process: the control plane (phase store, snapshot feed, audit, metrics,
 * admin API, jobs), the catalog of the managed database, the rewriter, and the proxy with the
 * rewriting hook in its data path. What {@code phasegate serve} and {@code phasegate demo} run.
 *
 * <pre>{@code
 * try (PhasegateRuntime runtime = PhasegateRuntime.start(config)) {
 *     runtime.listenAddress();   // where clients connect
 *     runtime.adminUrl();        // http://127.0.0.1:8543, or null with admin.enabled: false
 *     runtime.adminToken();      // the bearer token in force
 * }                              // graceful: sessions finish (proxy.shutdownGrace), then the rest
 * }</pre>
 *
 * <p>Start order: metrics; catalog (fails when the managed database cannot be read); control plane
 * with the jobs (fails when the phase store cannot be read); rewriter and hook; the proxy. Stop
 * order is the reverse, so the last statements' audit records are still written. The runtime
 * installs no signal handlers and never exits the JVM: that is the command's business, so tests
 * and the demo run it in-process.
 */
public final class PhasegateRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PhasegateRuntime.class);

    private final PhasegateConfig config;
    private final CatalogSource catalog;
    private final SqlRewriter rewriter;
    private final ControlPlane controlPlane;
    private final Gateway gateway;
    private final Duration shutdownGrace;
    private boolean closed;

    private PhasegateRuntime(PhasegateConfig config, CatalogSource catalog, SqlRewriter rewriter,
                             ControlPlane controlPlane, Gateway gateway, Duration shutdownGrace) {
        this.config = config;
        this.catalog = catalog;
        this.rewriter = rewriter;
        this.controlPlane = controlPlane;
        this.gateway = gateway;
        this.shutdownGrace = shutdownGrace;
    }

    /** Starts everything {@code config} describes. */
    public static PhasegateRuntime start(PhasegateConfig config) {
        return builder(config).start();
    }

    public static Builder builder(PhasegateConfig config) {
        return new Builder(config);
    }

    /** Where clients connect (the real port when {@code listen} asked for port 0). */
    public InetSocketAddress listenAddress() {
        return gateway.address();
    }

    /** The admin API's base URL ({@code http://host:port}), or {@code null} when {@code admin.enabled} is false. */
    public String adminUrl() {
        AdminServer server = controlPlane.server();
        return server == null ? null : server.baseUrl();
    }

    /** The admin API's bearer token, or {@code null} when the admin API is off. */
    public String adminToken() {
        AdminServer server = controlPlane.server();
        return server == null ? null : server.token().value();
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** The phase snapshot in force on this gateway's data path. */
    public PhaseSnapshot snapshot() {
        return controlPlane.feed().current();
    }

    /** The catalog of the managed database in force. */
    public Catalog catalog() {
        return catalog.current();
    }

    /** Re-reads the catalog now (it is also re-read periodically and after DDL through the gateway). */
    public Catalog refreshCatalog() throws SQLException {
        return catalog.refresh();
    }

    /** The rewriter of the data path (its plan cache included), e.g. for a local preview. */
    public SqlRewriter rewriter() {
        return rewriter;
    }

    public Gateway gateway() {
        return gateway;
    }

    public PhasegateConfig config() {
        return config;
    }

    /** Graceful stop: sessions get {@code proxy.shutdownGrace} (or the builder's grace) to finish. */
    @Override
    public void close() {
        shutdown(shutdownGrace);
    }

    /** Stops accepting, lets sessions finish within {@code grace}, then stops the catalog and the control plane. */
    public synchronized void shutdown(Duration grace) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            gateway.shutdown(grace);
        } catch (RuntimeException e) {
            log.warn("Stopping the proxy failed: {}", e.toString());
        }
        catalog.close();
        controlPlane.close();
    }

    /** Assembles and starts a {@link PhasegateRuntime}. */
    public static final class Builder {
        private final PhasegateConfig config;
        private String gatewayId;
        private AdminToken token;
        private Consumer<AdminToken> tokenAnnouncer;
        private Duration shutdownGrace;

        private Builder(PhasegateConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** This gateway's id in audit records and {@code /health} (default {@code host:pid}). */
        public Builder gatewayId(String id) {
            this.gatewayId = Objects.requireNonNull(id, "id");
            return this;
        }

        /** The admin token, instead of {@code admin.token} / {@code PHASEGATE_ADMIN_TOKEN} / a generated one. */
        public Builder adminToken(String value) {
            this.token = AdminToken.of(value);
            return this;
        }

        /** What to do with a generated admin token (default: log it once); the demo prints it itself. */
        public Builder announceGeneratedToken(Consumer<AdminToken> announce) {
            this.tokenAnnouncer = Objects.requireNonNull(announce, "announce");
            return this;
        }

        /** How long {@link #close()} lets sessions finish (default {@code proxy.shutdownGrace}). */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /**
         * Starts everything, or nothing: a part that fails to start stops the ones started before it.
         *
         * @throws IllegalStateException (or the control plane's
         *         {@link dev.phasegate.admin.store.PhaseStoreException.Unavailable}) naming what failed
         */
        public PhasegateRuntime start() {
            PhasegateMetrics metrics = new PhasegateMetrics();
            CatalogSource catalog = null;
            ControlPlane controlPlane = null;
            try {
                catalog = new CatalogSource(config.upstream(), config.rewriter().catalogRefresh()).start();
                SqlRewriter rewriter = new SqlRewriter(config.rewriter());
                GatewayHolder holder = new GatewayHolder();
                CatalogSource catalogs = catalog;
                ControlPlane.Builder plane = ControlPlane.builder(config)
                        .metrics(metrics)
                        .rewritePreviewer(new RewritePreviews(rewriter, catalogs::current))
                        .sessions(new GatewaySessions(holder::get))
                        .extension(new JobsExtension());
                if (gatewayId != null) {
                    plane.gatewayId(gatewayId);
                }
                if (token != null) {
                    plane.token(token);
                }
                if (tokenAnnouncer != null) {
                    plane.announceGeneratedToken(tokenAnnouncer);
                }
                controlPlane = plane.start();
                PlanCache cache = rewriter.cache();
                if (cache != null) {
                    metrics.bindPlanCache(cache::hitCount, cache::missCount, cache::size);
                    metrics.bindPlanCacheShapes(cache::shapeHitCount, cache::unusableShapeCount);
                }
                ControlPlane cp = controlPlane;
                RewritingHook hook = RewritingHook.builder(config)
                        .rewriter(rewriter)
                        .snapshots(() -> cp.feed().current())
                        .catalogs(catalogs::current)
                        .audit(controlPlane.audit())
                        .metrics(metrics)
                        .gatewayId(controlPlane.gatewayId())
                        .onCatalogChange(catalogs::requestRefresh)
                        .build();
                Gateway gateway = Gateway.start(config, hook, new MeteredConnections(metrics));
                holder.gateway = gateway;
                metrics.bindBufferPool("gateway", NettyBufferPools.stats(gateway.bufferAllocator()));
                log.info("Phasegate runtime up: gateway {} on {}, managed database {}, {} managed column(s), phase "
                                + "snapshot {}, catalog {} ({} relations){}", controlPlane.gatewayId(),
                        gateway.address(), config.upstream().database(), controlPlane.feed().current().columns().size(),
                        controlPlane.feed().current().version(), catalog.current().version(),
                        catalog.current().tables().size(),
                        controlPlane.server() == null ? "" : ", admin API " + controlPlane.server().baseUrl());
                return new PhasegateRuntime(config, catalog, rewriter, controlPlane, gateway,
                        shutdownGrace != null ? shutdownGrace : config.proxy().shutdownGrace());
            } catch (RuntimeException e) {
                if (controlPlane != null) {
                    controlPlane.close(); // closes the metrics too
                } else {
                    metrics.close();
                }
                if (catalog != null) {
                    catalog.close();
                }
                throw e;
            }
        }
    }

    /** The gateway, once started: the sessions view is built before it. */
    private static final class GatewayHolder {
        volatile Gateway gateway;

        Gateway get() {
            return gateway;
        }
    }

    /** Client and upstream connection counts into the metrics. */
    private record MeteredConnections(PhasegateMetrics metrics) implements ConnectionListener {
        @Override
        public void clientConnected() {
            metrics.clientConnected();
        }

        @Override
        public void clientDisconnected() {
            metrics.clientDisconnected();
        }

        @Override
        public void upstreamConnected() {
            metrics.upstreamConnected();
        }

        @Override
        public void upstreamDisconnected() {
            metrics.upstreamDisconnected();
        }

        @Override
        public void upstreamConnectFailed() {
            metrics.upstreamConnectFailed();
        }
    }
}
