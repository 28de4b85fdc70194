package dev.phasegate.admin;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditCounts;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.audit.AuditRecord;
import dev.phasegate.admin.audit.AuditSession;
import dev.phasegate.admin.audit.SharedAuditCounts;
import dev.phasegate.admin.audit.StatementFingerprinter;
import dev.phasegate.admin.http.AdminServer;
import dev.phasegate.admin.http.AdminToken;
import dev.phasegate.admin.http.Route;
import dev.phasegate.admin.metrics.PhasegateMetrics;
import dev.phasegate.admin.service.Actor;
import dev.phasegate.admin.service.ColumnService;
import dev.phasegate.admin.service.GuardRailFactsSource;
import dev.phasegate.admin.service.RewritePreviewer;
import dev.phasegate.admin.service.SessionDirectory;
import dev.phasegate.admin.store.ConfigSeeder;
import dev.phasegate.admin.store.DatabasePhaseStore;
import dev.phasegate.admin.store.FilePhaseStore;
import dev.phasegate.admin.store.PhaseStore;
import dev.phasegate.admin.store.SnapshotFeed;
import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.config.StoreConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole control plane of one gateway, started from its configuration:
 *
 * <pre>{@code
 * ControlPlane plane = ControlPlane.builder(config)
 *         .rewritePreviewer(previewer)            // the rewriter, for POST /api/v1/rewrite
 *         .sessions(sessionDirectory)             // the gateway's sessions, for GET /api/v1/sessions
 *         .extension(jobs)                        // backfill/verify/schema facts and routes
 *         .start();
 * plane.feed().subscribe(snapshot -> currentSnapshot = snapshot);   // the data path's volatile reference
 * plane.audit().record(...);  plane.metrics().countStatement(...);  // from the data path, non-blocking
 * }</pre>
 *
 * <p>Start order: metrics, audit log, store (migrated), seeding from {@code columns:} (audited as
 * {@code registered} by {@code config}), snapshot feed (fails
 * when the store cannot be read: a gateway without a known phase must not serve), column service,
 * admin server. With the database store, guard rails count the audit of every gateway on the
 * database ({@link SharedAuditCounts}); with the file store, this gateway's. {@link #close()} stops
 * them in reverse.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

    /** What exists when extensions are asked for facts and routes ({@code columns} is null for facts). */
    public record Parts(PhasegateConfig config, PhaseStore store, SnapshotFeed feed, AuditLog audit,
                        PhasegateMetrics metrics, ColumnService columns, String gatewayId, Clock clock) {
    }

    private final PhasegateMetrics metrics;
    private final PhaseStore store;
    private final ConfigSeeder.Report seedReport;
    private final SnapshotFeed feed;
    private final AuditLog audit;
    private final SharedAuditCounts sharedCounts;
    private final ColumnService columns;
    private final AdminServer server;
    private final List<ControlPlaneExtension> extensions;
    private final String gatewayId;

    private ControlPlane(PhasegateMetrics metrics, PhaseStore store, ConfigSeeder.Report seedReport, SnapshotFeed feed,
                         AuditLog audit, SharedAuditCounts sharedCounts, ColumnService columns, AdminServer server,
                         List<ControlPlaneExtension> extensions, String gatewayId) {
        this.sharedCounts = sharedCounts;
        this.metrics = metrics;
        this.store = store;
        this.seedReport = seedReport;
        this.feed = feed;
        this.audit = audit;
        this.columns = columns;
        this.server = server;
        this.extensions = extensions;
        this.gatewayId = gatewayId;
    }

    public static Builder builder(PhasegateConfig config) {
        return new Builder(config);
    }

    public PhasegateMetrics metrics() {
        return metrics;
    }

    public PhaseStore store() {
        return store;
    }

    public SnapshotFeed feed() {
        return feed;
    }

    public AuditLog audit() {
        return audit;
    }

    public ColumnService columns() {
        return columns;
    }

    /** The admin server, or {@code null} when {@code admin.enabled} is false. */
    public AdminServer server() {
        return server;
    }

    /** What seeding from the configuration did (seeded columns, differences). */
    public ConfigSeeder.Report seedReport() {
        return seedReport;
    }

    public String gatewayId() {
        return gatewayId;
    }

    @Override
    public void close() {
        closeQuietly(server);
        for (ControlPlaneExtension extension : extensions) {
            closeQuietly(extension);
        }
        closeQuietly(sharedCounts);
        closeQuietly(audit);
        closeQuietly(feed);
        closeQuietly(store);
        closeQuietly(metrics);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("Closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    /** Assembles and starts a {@link ControlPlane}. */
    public static final class Builder {
        private final PhasegateConfig config;
        private Clock clock = Clock.systemUTC();
        private String gatewayId = defaultGatewayId();
        private RewritePreviewer previewer = RewritePreviewer.UNAVAILABLE;
        private SessionDirectory sessions = SessionDirectory.NONE;
        private PhasegateMetrics metrics;
        private AdminToken token;
        private Consumer<AdminToken> tokenAnnouncer;
        private final List<ControlPlaneExtension> extensions = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();

        private Builder(PhasegateConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** This gateway's id in audit records and {@code /health} (default {@code host:pid}). */
        public Builder gatewayId(String id) {
            this.gatewayId = Objects.requireNonNull(id, "id");
            return this;
        }

        public Builder rewritePreviewer(RewritePreviewer p) {
            this.previewer = Objects.requireNonNull(p, "previewer");
            return this;
        }

        public Builder sessions(SessionDirectory d) {
            this.sessions = Objects.requireNonNull(d, "sessions");
            return this;
        }

        /** Use an existing registry (the gateway's), instead of a new one. */
        public Builder metrics(PhasegateMetrics m) {
            this.metrics = Objects.requireNonNull(m, "metrics");
            return this;
        }

        /** The admin token, instead of {@code admin.token} / {@code PHASEGATE_ADMIN_TOKEN} / generated. */
        public Builder token(AdminToken t) {
            this.token = Objects.requireNonNull(t, "token");
            return this;
        }

        /** What to do with a generated token (default: log it once); the demo prints it itself. */
        public Builder announceGeneratedToken(Consumer<AdminToken> announce) {
            this.tokenAnnouncer = Objects.requireNonNull(announce, "announce");
            return this;
        }

        public Builder extension(ControlPlaneExtension extension) {
            extensions.add(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        public Builder route(Route route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        /**
         * Starts everything.
         *
         * @throws dev.phasegate.admin.store.PhaseStoreException.Unavailable when the store cannot be
         *         opened or read
         * @throws IllegalStateException when the audit file or the admin address cannot be opened
         */
        public ControlPlane start() {
            PhasegateMetrics registry = metrics != null ? metrics : new PhasegateMetrics();
            PhaseStore store = null;
            SnapshotFeed feed = null;
            AuditLog audit = null;
            SharedAuditCounts shared = null;
            try {
                audit = new AuditLog(config.audit(), gatewayId, countRetention(config.guardRails()), clock).start();
                store = openStore(config, clock);
                String origin = config.source() == null ? "the configuration" : config.source();
                ConfigSeeder.Report report = ConfigSeeder.seed(store, config.columns(), origin);
                for (ColumnId id : report.seeded()) {
                    Optional<ManagedColumn> seeded = store.find(id);
                    if (seeded.isPresent()) {
                        audit.record(AuditRecord.admin(clock.instant(), gatewayId,
                                new AuditSession(ConfigSeeder.WHO, null, Actor.APPLICATION, null), id,
                                seeded.get().phase(), store.currentVersion(), AuditAction.REGISTERED,
                                "seeded from " + origin));
                    }
                }
                feed = new SnapshotFeed(store, config.store().pollInterval(), clock).start();
                SnapshotFeed f = feed;
                registry.bindAuditLog(audit);
                registry.bindPhaseStore(() -> f.current().version(), () -> f.status().ready(),
                        () -> f.status().age() == null ? -1 : f.status().age().toMillis());

                // Several gateways share a database store: the guard rails must count all their traffic.
                AuditCounts counts = audit.counts();
                if (store instanceof DatabasePhaseStore database) {
                    shared = new SharedAuditCounts(database.dataSource(), audit, Duration.ofSeconds(1),
                            longestWindow(config.guardRails()), clock).start();
                    counts = shared;
                }
                Parts early = new Parts(config, store, feed, audit, registry, null, gatewayId, clock);
                List<GuardRailFactsSource> sources = new ArrayList<>(
                        ColumnService.defaultFacts(store, counts, config.guardRails()));
                for (ControlPlaneExtension e : extensions) {
                    sources.addAll(e.factsSources(early));
                }
                ColumnService columns = new ColumnService(store, GuardRailFactsSource.compose(sources),
                        config.guardRails(), audit, registry, clock);
                columns.onChange(feed::refresh);
                columns.configReport(report);

                AdminServer server = null;
                if (config.admin().enabled()) {
                    Parts parts = new Parts(config, store, feed, audit, registry, columns, gatewayId, clock);
                    AdminServer.Builder b = AdminServer.builder().config(config.admin())
                            .columns(columns).feed(feed).audit(audit).metrics(registry)
                            .rewritePreviewer(previewer).sessions(sessions).gatewayId(gatewayId).clock(clock)
                            .routes(routes);
                    if (token != null) {
                        b.token(token);
                    }
                    if (tokenAnnouncer != null) {
                        b.announceGeneratedToken(tokenAnnouncer);
                    }
                    for (ControlPlaneExtension e : extensions) {
                        b.routes(e.routes(parts));
                        for (Map.Entry<String, dev.phasegate.admin.http.HealthCheck> check
                                : e.healthChecks(parts).entrySet()) {
                            b.healthCheck(check.getKey(), check.getValue());
                        }
                    }
                    server = b.start();
                }
                return new ControlPlane(registry, store, report, feed, audit, shared, columns, server,
                        List.copyOf(extensions), gatewayId);
            } catch (RuntimeException e) {
                closeQuietly(shared);
                closeQuietly(audit);
                closeQuietly(feed);
                closeQuietly(store);
                if (metrics == null) {
                    closeQuietly(registry);
                }
                throw e;
            }
        }

        /** Opens the store {@code store.type} names: the managed database, or a JSON file. */
        public static PhaseStore openStore(PhasegateConfig config, Clock clock) {
            StoreConfig s = config.store();
            return s.kind() == StoreConfig.Kind.FILE ? FilePhaseStore.open(s.file(), clock)
                    : DatabasePhaseStore.open(config.upstream(), clock);
        }

        /** Counts are kept twice the longest guard-rail window (plus a minute), so windows are always covered. */
        static Duration countRetention(GuardRailConfig rails) {
            return longestWindow(rails).multipliedBy(2).plusMinutes(1);
        }

        static Duration longestWindow(GuardRailConfig rails) {
            return rails.auditWindow().compareTo(rails.shadowWindow()) > 0 ? rails.auditWindow() : rails.shadowWindow();
        }

        private static String defaultGatewayId() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
            return host + ":" + ProcessHandle.current().pid();
        }
    }

    /** The fingerprinter to use when the gateway has none of its own. */
    public static StatementFingerprinter defaultFingerprinter() {
        return StatementFingerprinter.SIMPLE;
    }
}
