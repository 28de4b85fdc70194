package dev.phasegate.gateway.rewrite;

import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.audit.StatementFingerprinter;
import dev.phasegate.admin.metrics.PhasegateMetrics;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.hook.SessionHook;
import dev.phasegate.gateway.hook.SessionInfo;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.catalog.Catalog;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The rewriter in the data path: one {@link RewritingSession} per session on the managed database
 * ({@code upstream.database}); sessions on any other database get
 * {@link SessionHook#PASS_THROUGH} and are never decoded. Holds what every session shares: the
 * rewriter (and its plan cache), the phase snapshot and catalog in force (volatile reads), the DDL
 * guard, the audit. Thread-safe.
 */
public final class RewritingHook implements QueryHook {

    private final String managedDatabase;
    private final SqlRewriter rewriter;
    private final Supplier<PhaseSnapshot> snapshots;
    private final Supplier<Catalog> catalogs;
    private final DdlGuard ddl;
    private final AuditEmitter audit;
    private final Runnable catalogChanged;

    private RewritingHook(Builder b) {
        this.managedDatabase = b.config.upstream().database();
        this.rewriter = Objects.requireNonNull(b.rewriter, "rewriter");
        this.snapshots = Objects.requireNonNull(b.snapshots, "snapshots");
        this.catalogs = Objects.requireNonNull(b.catalogs, "catalogs");
        this.ddl = new DdlGuard(b.config.ddl(), b.config.rewriter().searchPath());
        this.audit = new AuditEmitter(Objects.requireNonNull(b.auditLog, "audit log"), b.metrics, b.fingerprinter,
                b.config.audit().redactLiterals(), b.gatewayId, b.clock);
        this.catalogChanged = b.catalogChanged;
    }

    public static Builder builder(PhasegateConfig config) {
        return new Builder(config);
    }

    @Override
    public SessionHook openSession(SessionInfo session) {
        if (!managedDatabase.equals(session.database())) {
            return SessionHook.PASS_THROUGH;
        }
        return new RewritingSession(this, session);
    }

    // ---- what sessions share ---------------------------------------------------------------------

    PhaseSnapshot snapshot() {
        return snapshots.get();
    }

    Catalog catalog() {
        return catalogs.get();
    }

    SqlRewriter rewriter() {
        return rewriter;
    }

    DdlGuard ddl() {
        return ddl;
    }

    AuditEmitter audit() {
        return audit;
    }

    /** A DDL statement completed on the managed database: the catalog should be re-read. */
    void catalogMayHaveChanged() {
        catalogChanged.run();
    }

    /** Whether the text may name a managed table (false: it certainly does not; no parse). */
    boolean mayName(CharSequence sql, PhaseSnapshot snapshot) {
        return rewriter.preFilter(snapshot).mayName(sql);
    }

    /**
     * Plans {@code sql} for a session whose unqualified table names resolve through
     * {@code searchPath}: {@code null} when it certainly touches no managed column and is sent as
     * is (the pre-filter decides without parsing; no allocation), else the plan (timed).
     */
    RewritePlan plan(String sql, PhaseSnapshot snapshot, Catalog catalog, List<String> searchPath) {
        if (!mayName(sql, snapshot)) {
            return null;
        }
        long start = System.nanoTime();
        RewritePlan plan = rewriter.plan(sql, snapshot, catalog, searchPath);
        audit.recordRewrite(System.nanoTime() - start);
        if (plan instanceof RewritePlan.Rejected) {
            return plan;
        }
        return plan.changed() || plan.touchesManagedColumns() ? plan : null;
    }

    /** Assembles a {@link RewritingHook}. */
    public static final class Builder {
        private final PhasegateConfig config;
        private SqlRewriter rewriter;
        private Supplier<PhaseSnapshot> snapshots;
        private Supplier<Catalog> catalogs;
        private AuditLog auditLog;
        private PhasegateMetrics metrics;
        private StatementFingerprinter fingerprinter = new LexerFingerprinter();
        private String gatewayId = "gateway";
        private Clock clock = Clock.systemUTC();
        private Runnable catalogChanged = () -> { };

        private Builder(PhasegateConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder rewriter(SqlRewriter r) {
            this.rewriter = r;
            return this;
        }

        /** The phase snapshot in force (read per request: keep it a volatile read). */
        public Builder snapshots(Supplier<PhaseSnapshot> s) {
            this.snapshots = s;
            return this;
        }

        /** The catalog in force (read per request: keep it a volatile read). */
        public Builder catalogs(Supplier<Catalog> c) {
            this.catalogs = c;
            return this;
        }

        public Builder audit(AuditLog log) {
            this.auditLog = log;
            return this;
        }

        /** Where statement counts, rewrite times and shadow mismatches go; optional. */
        public Builder metrics(PhasegateMetrics m) {
            this.metrics = m;
            return this;
        }

        public Builder fingerprinter(StatementFingerprinter f) {
            this.fingerprinter = Objects.requireNonNull(f, "fingerprinter");
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

        /** Called (on an event loop: must not block) when DDL completed through the gateway. */
        public Builder onCatalogChange(Runnable r) {
            this.catalogChanged = Objects.requireNonNull(r, "runnable");
            return this;
        }

        public RewritingHook build() {
            return new RewritingHook(this);
        }
    }
}
