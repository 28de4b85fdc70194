package dev.phasegate.gateway.rewrite;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditColumn;
import dev.phasegate.admin.audit.AuditSession;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.gateway.hook.Decision;
import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.hook.ServerAnswer;
import dev.phasegate.gateway.hook.SessionHook;
import dev.phasegate.gateway.hook.SessionInfo;
import dev.phasegate.gateway.hook.StatementOutcome;
import dev.phasegate.gateway.protocol.SqlState;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.frontend.Bind;
import dev.phasegate.gateway.protocol.frontend.Close;
import dev.phasegate.gateway.protocol.frontend.Describe;
import dev.phasegate.gateway.protocol.frontend.Execute;
import dev.phasegate.gateway.protocol.frontend.Parse;
import dev.phasegate.gateway.protocol.frontend.Query;
import dev.phasegate.rewriter.ParameterMap;
import dev.phasegate.rewriter.ResultFilter;
import dev.phasegate.rewriter.RewriteError;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.StatementPlan;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.ddl.DdlFinding;
import dev.phasegate.rewriter.lex.LeadingWords;
import dev.phasegate.rewriter.lex.PreparedStatementCommand;
import dev.phasegate.rewriter.lex.SearchPathCommand;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session on the managed database: plans every Query and Parse through the rewriter and
 * applies the plan, keeps per prepared statement the plan and the snapshot and catalog versions it
 * was made under, and per portal the plan it runs; re-plans at Bind when a flip happened since the
 * Parse and refuses the Bind (SQLSTATE 0A000, routine {@code RevalidateCachedQuery}, which PgJDBC
 * heals by preparing again) when the statement would now be sent differently. Called on the
 * session's event loop only, so nothing here is locked.
 *
 * <p>Unmanaged traffic stays cheap: the pre-filter (one lexical pass, no allocation) decides before
 * any parse; such statements are forwarded as they came, with no observer; their prepared-statement
 * entries are reused by name. The {@code passes…} methods answer the same questions before a
 * request is decoded, so an unmanaged Query, a repeated unnamed Parse, and the Bind, Describe and
 * Execute of unwatched statements stay bytes. While no column is under management (and no
 * statement prepared here is still rewritten) the session does not inspect requests at all.
 */
final class RewritingSession implements SessionHook {

    private static final Logger log = LoggerFactory.getLogger(RewritingSession.class);

    private final RewritingHook hook;
    private final SessionInfo info;
    private AuditSession auditSession;
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    /** SQL-level prepared statements (PREPARE … AS) of managed tables. */
    private final SqlPreparedStatements sqlPrepared;
    /**
     * Where the session's unqualified table names resolve: the search_path its startup parameters
     * set, else the server's answer (the configured one until then), then as its SET search_path
     * statements change it.
     */
    private SessionSearchPath searchPath;
    /** The search_path as the admin API shows it, and the version it was described at. */
    private volatile String publishedPath;
    private long publishedVersion = -1;
    /** Prepared statements whose upstream text differs from the client's: keep inspecting while any exists. */
    private int rewrittenStatements;
    /** Null until the first request; then whether requests are being inspected. */
    private Boolean inspecting;
    /** Requests went by uninspected: statements may exist upstream that this session never saw prepared. */
    private boolean uninspected;
    /** Binds of statements never seen prepared are refused (they may be stale). */
    private boolean blind;
    /**
     * Requests went by uninspected before a column came under management: the server is asked which
     * SQL-level prepared statements the session holds (with its search_path), so their EXECUTEs are
     * followed.
     */
    private boolean sqlPreparedUnseen;
    /** DDL completed here: the catalog is re-read again when the session next commits. */
    private boolean catalogDirty;

    RewritingSession(RewritingHook hook, SessionInfo info) {
        this.hook = hook;
        this.info = info;
        List<String> startupPath = StartupSearchPath.of(info.startupParameters());
        this.searchPath = startupPath != null ? new SessionSearchPath(startupPath, info.user())
                : SessionSearchPath.startingWithDefault(hook.rewriter().config().searchPath(), info.user());
        this.sqlPrepared = new SqlPreparedStatements((sql, snapshot, catalog) -> hook.plan(sql, snapshot, catalog,
                searchPath.schemas()), hook::mayName, () -> searchPath.version());
        this.auditSession = new AuditSession(info.user(), info.database(), info.applicationName(),
                address(info.clientAddress()));
        publishPath();
    }

    @Override
    public String searchPath() {
        return publishedPath;
    }

    /** Describes the path for other threads when it changed: once per round trip, a comparison. */
    private void publishPath() {
        if (searchPath.version() != publishedVersion) {
            publishedVersion = searchPath.version();
            publishedPath = searchPath.toString();
        }
    }

    static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host + ":" + inet.getPort();
        }
        return address == null ? null : address.toString();
    }

    RewritingHook hook() {
        return hook;
    }

    AuditSession auditSession() {
        return auditSession;
    }

    @Override
    public void onServerParameter(String name, String value) {
        if ("application_name".equals(name) && !Objects.equals(value, auditSession.applicationName())) {
            auditSession = new AuditSession(auditSession.user(), auditSession.database(), value,
                    auditSession.clientAddress());
        }
    }

    @Override
    public void onReadyForQuery(char status, boolean failedSinceLast) {
        searchPath.readyForQuery(status, failedSinceLast);
        publishPath();
    }

    /** After requests went by uninspected: the search_path, and the SQL-level prepared statements. */
    static final String UNSEEN_QUESTION = SessionSearchPath.QUESTION + ", " + SqlPreparedStatements.SERVER_LIST;

    /**
     * The server is asked for the search_path when the statements did not say it, and for the
     * SQL-level prepared statements when requests went by uninspected; only while a column is
     * managed.
     */
    @Override
    public String serverQuestion() {
        // inspectsRequests() first: a session that went by uninspected finds out there.
        if (!inspectsRequests() || hook.snapshot().managedTableNames().isEmpty()) {
            return null;
        }
        if (sqlPreparedUnseen) {
            return UNSEEN_QUESTION;
        }
        return searchPath.needsServer() ? SessionSearchPath.QUESTION : null;
    }

    @Override
    public void onServerAnswer(ServerAnswer answer) {
        boolean answered = answer.answered() && answer.row().size() >= 2 && answer.row().get(0) != null;
        hook.audit().countSearchPathQuestion(answered);
        if (answered) {
            searchPath.learned(answer.row().get(0), answer.row().get(1));
            publishPath();
            log.debug("Session {}: the server says its search_path is {}", info.id(), searchPath);
            if (answer.question().equals(UNSEEN_QUESTION) && answer.row().size() == 3) {
                sqlPreparedUnseen = false;
                int adopted = sqlPrepared.adopt(answer.row().get(2), hook.snapshot(), hook.catalog());
                log.debug("Session {}: following {} statement(s) it prepared with SQL before", info.id(), adopted);
            }
        } else {
            log.debug("Session {}: could not ask the server for its search_path ({}); planning with {}", info.id(),
                    answer.error(), searchPath);
        }
    }

    // ---- whether to look at all ------------------------------------------------------------------

    @Override
    public boolean inspectsRequests() {
        boolean want = !hook.snapshot().managedTableNames().isEmpty() || rewrittenStatements > 0 || catalogDirty
                || !sqlPrepared.isEmpty();
        if (inspecting == null || want != inspecting) {
            if (want && Boolean.FALSE.equals(inspecting) && uninspected) {
                // Statements prepared while nothing was watched are unknown: refuse their Binds once,
                // so clients prepare them again where this session sees it. The search_path may have
                // changed meanwhile too: the server is asked.
                searchPath.forget();
                sqlPreparedUnseen = true;
                blind = true;
                statements.clear();
                portals.clear();
                uninspected = false;
            }
            if (!want) {
                statements.clear();
                portals.clear();
            }
            inspecting = want;
        }
        if (!want) {
            uninspected = true;
        }
        return want;
    }

    // ---- simple query ----------------------------------------------------------------------------

    @Override
    public boolean passesQuery(CharSequence sql) {
        // What onQuery forwards as it came with no observer: no DDL, no commit of DDL, no managed table,
        // nothing that prepares, runs or drops a prepared statement this session follows, nothing that
        // changes the search_path (or, once it changed in the open transaction, rolls back or ends
        // it). The pre-filter goes first: a statement on a managed table, which onQuery scans again,
        // is then scanned once here, not twice.
        if (catalogDirty || hook.mayName(sql, hook.snapshot())) {
            return false;
        }
        int leadingWords = LeadingWords.of(sql); // one walk for the DDL and search_path questions
        if (DdlGuard.mayBeDdl(sql, leadingWords)
                || SearchPathCommand.mayAppearIn(leadingWords, searchPath.followsTransaction())
                || !sqlPrepared.isEmpty() && PreparedStatementCommand.mayAppearIn(sql)) {
            return false;
        }
        hook.audit().countUnmanaged();
        return true;
    }

    @Override
    public Decision onQuery(Query query) {
        String sql = query.sql();
        PhaseSnapshot snapshot = hook.snapshot();
        Catalog catalog = hook.catalog();
        int leadingWords = LeadingWords.of(sql); // one walk for the DDL and search_path questions
        boolean ddl = DdlGuard.mayBeDdl(sql, leadingWords);
        DdlGuard.Verdict verdict = DdlGuard.Verdict.NONE;
        if (ddl) {
            verdict = hook.ddl().inspect(sql, snapshot, searchPath.schemas());
            if (verdict.blocked()) {
                auditDdl(verdict, AuditAction.REJECTED, snapshot, sql, -1, -1, SqlState.FEATURE_NOT_SUPPORTED);
                return Decision.reject(verdict.error());
            }
        }
        boolean commits = catalogDirty && endsTransaction(sql);
        SessionSearchPath after = searchPath.after(sql, leadingWords, statement -> hook.mayName(statement, snapshot)
                || !sqlPrepared.isEmpty() && PreparedStatementCommand.of(statement, 0, statement.length()) != null);
        if (after == null) {
            return Decision.reject(ErrorResponse.error(SqlState.FEATURE_NOT_SUPPORTED, "phasegate: this query string "
                    + "changes the search_path and then uses a managed table or a prepared statement, which would "
                    + "be planned with the path before the change; send the change as a query of its own"));
        }
        Planned planned = plan(sql, snapshot, catalog);
        if (planned.refusal() != null) {
            return planned.refusal();
        }
        searchPath = after;
        RewritePlan plan = planned.plan();
        if (plan == null && !ddl && !commits) {
            hook.audit().countUnmanaged();
            return Decision.forward();
        }
        QueryResult observer = new QueryResult(this, sql, plan, snapshot, verdict, ddl, ddl || commits,
                planned.followed());
        if (plan != null && plan.changed()) {
            return Decision.replace(new Query(plan.sql()), observer);
        }
        return Decision.forward(observer);
    }

    // ---- extended protocol -----------------------------------------------------------------------

    @Override
    public Decision onParse(Parse parse) {
        String name = parse.name();
        String sql = parse.sql();
        PhaseSnapshot snapshot = hook.snapshot();
        Catalog catalog = hook.catalog();
        int leadingWords = LeadingWords.of(sql); // one walk for the DDL and search_path questions
        boolean ddl = DdlGuard.mayBeDdl(sql, leadingWords);
        DdlGuard.Verdict verdict = DdlGuard.Verdict.NONE;
        if (ddl) {
            verdict = hook.ddl().inspect(sql, snapshot, searchPath.schemas());
            if (verdict.blocked()) {
                forgetUnnamed(name);
                auditDdl(verdict, AuditAction.REJECTED, snapshot, sql, -1, -1, SqlState.FEATURE_NOT_SUPPORTED);
                return Decision.reject(verdict.error());
            }
        }
        Planned planned = plan(sql, snapshot, catalog);
        if (planned.refusal() != null) {
            forgetUnnamed(name);
            return planned.refusal();
        }
        RewritePlan plan = planned.plan();
        boolean commits = catalogDirty && endsTransaction(sql);
        Prepared st = statements.get(name);
        ResultObserver restore = null;
        if (st == null || !name.isEmpty()) {
            if (st != null) {
                // PostgreSQL refuses to redefine a named statement (42P05) and keeps the old one, unless
                // it was deallocated meanwhile: follow whichever the server does.
                restore = new ParseOutcome(name, st);
                if (st.rewritten()) {
                    rewrittenStatements--;
                }
            }
            st = new Prepared();
            statements.put(name, st);
        } else if (st.rewritten()) {
            rewrittenStatements--; // the unnamed statement: its entry is reused
        }
        st.reset(sql, parse.parameterTypes(), planned, snapshot, catalog, verdict, ddl, commits,
                SessionSearchPath.commandOf(sql, leadingWords));
        if (st.rewritten()) {
            rewrittenStatements++;
        }
        if (plan != null && plan.changed()) {
            return Decision.replace(new Parse(name, plan.sql(), upstreamTypes(parse.parameterTypes(), plan)),
                    restore);
        }
        return Decision.forward(restore);
    }

    @Override
    public boolean passesUnnamedParseAgain() {
        // Its entry stands for the same text and types; what onParse would decide again depends only
        // on the snapshot and catalog it was planned under and on whether DDL awaits a commit.
        Prepared st = statements.get("");
        return st != null && !st.observed() && !catalogDirty && !stale(st, hook.snapshot(), hook.catalog());
    }

    /** Puts a named statement's previous entry back when the server refused to redefine it. */
    private final class ParseOutcome implements ResultObserver {
        private final String name;
        private final Prepared previous;

        ParseOutcome(String name, Prepared previous) {
            this.name = name;
            this.previous = previous;
        }

        @Override
        public void onComplete(StatementOutcome outcome) {
            if (outcome.kind() == StatementOutcome.Kind.FAILED || outcome.kind() == StatementOutcome.Kind.SKIPPED) {
                Prepared replaced = statements.put(name, previous);
                if (replaced != null && replaced.rewritten()) {
                    rewrittenStatements--;
                }
                if (previous.rewritten()) {
                    rewrittenStatements++;
                }
            }
        }
    }

    @Override
    public boolean passesBind(String portal, String statement) {
        Prepared st = statements.get(statement);
        if (st == null ? blind : st.observed() || stale(st, hook.snapshot(), hook.catalog())) {
            return false;
        }
        discardPortal(portal);
        return true;
    }

    @Override
    public Decision onBind(Bind bind) {
        if (passesBind(bind.portal(), bind.statement())) {
            return Decision.forward();
        }
        discardPortal(bind.portal());
        Prepared st = statements.get(bind.statement());
        if (st == null) {
            return Decision.reject(revalidate("statement \"" + bind.statement() + "\" was prepared before "
                    + "phasegate started managing columns; prepare it again"));
        }
        PhaseSnapshot snapshot = hook.snapshot();
        Catalog catalog = hook.catalog();
        if (stale(st, snapshot, catalog)) {
            Planned planned = plan(st.sql, snapshot, catalog);
            if (planned.refusal() != null) {
                return planned.refusal();
            }
            RewritePlan fresh = planned.plan();
            if (!st.sameUpstream(fresh)) {
                log.debug("Session {}: statement \"{}\" was prepared under phase snapshot {} (catalog {}, search_path "
                        + "version {}); under {} (catalog {}, search_path {}) it is sent differently: refusing its Bind "
                        + "so the client prepares it again", info.id(), bind.statement(), st.snapshotVersion,
                        st.catalogVersion, st.searchPathVersion, snapshot.version(), catalog.version(), searchPath);
                String change = st.searchPathVersion != searchPath.version()
                        ? "the session's search_path changed since it was prepared (now " + searchPath + ")"
                        : "the phase of a column this statement uses changed (phase snapshot " + st.snapshotVersion
                                + " to " + snapshot.version() + ")";
                return Decision.reject(revalidate(change + "; prepare it again"));
            }
            st.replan(planned, snapshot, catalog);
        }
        if (!st.observed()) {
            return Decision.forward();
        }
        Portal portal = new Portal(this, st);
        portals.put(bind.portal(), portal);
        Bind out = bind;
        if (st.plan != null) {
            Optional<ParameterMap> map = st.plan.parameterMap();
            if (map.isPresent()) {
                out = remapParameters(out, map.get());
            }
            ResultFilter filter = st.filter();
            short[] formats = out.resultFormats();
            short[] upstream = RowFilter.upstreamFormats(filter, formats);
            if (upstream != formats) {
                out = out.withResultFormats(upstream);
            }
        }
        return out == bind ? Decision.forward() : Decision.replace(out);
    }

    @Override
    public boolean passesDescribe(char kind, String name) {
        if (kind == Describe.STATEMENT) {
            Prepared st = statements.get(name);
            return st == null || st.plan == null || st.plan.parameterMap().isEmpty() && st.filter().isEmpty();
        }
        Portal portal = portals.get(name);
        return portal == null || portal.filter().isEmpty();
    }

    @Override
    public Decision onDescribe(Describe describe) {
        if (passesDescribe(describe.kind(), describe.name())) {
            return Decision.forward();
        }
        if (describe.kind() == Describe.STATEMENT) {
            Prepared st = statements.get(describe.name());
            return Decision.forward(new DescribeResult(st.filter(), st.plan.parameterMap().orElse(null),
                    st.clientTypes));
        }
        return Decision.forward(new DescribeResult(portals.get(describe.name()).filter(), null, null));
    }

    @Override
    public boolean passesExecute(String portal) {
        if (portals.containsKey(portal)) {
            return false;
        }
        hook.audit().countUnmanaged();
        return true;
    }

    @Override
    public Decision onExecute(Execute execute) {
        if (passesExecute(execute.portal())) {
            return Decision.forward();
        }
        Portal portal = portals.get(execute.portal());
        if (portal.searchPathCommand() != null) {
            searchPath.apply(portal.searchPathCommand());
        }
        return Decision.forward(portal.execution());
    }

    @Override
    public void onClose(Close close) {
        if (close.kind() == Close.STATEMENT) {
            forget(close.name());
        } else {
            discardPortal(close.name());
        }
    }

    @Override
    public void onSessionClosed() {
        for (Portal portal : portals.values()) {
            portal.discard();
        }
        portals.clear();
        statements.clear();
        sqlPrepared.clear();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * Whether a flip, a catalog change, a change of the followed SQL-level prepared statements or
     * of the search_path happened since {@code st} was planned: it must be planned again.
     */
    private boolean stale(Prepared st, PhaseSnapshot snapshot, Catalog catalog) {
        return st.snapshotVersion != snapshot.version() || st.catalogVersion != catalog.version()
                || st.sqlPreparedVersion != sqlPrepared.version() || st.searchPathVersion != searchPath.version();
    }

    /**
     * The plan of a text ({@code null}: touches no managed column and concerns no followed prepared
     * statement), what completing its statements does to the followed prepared statements, or the
     * refusal to send it.
     */
    private record Planned(RewritePlan plan, SqlPreparedStatements.Followed followed, Decision refusal,
                           long sqlPreparedVersion, long searchPathVersion) {

        static Planned refused(Decision refusal) {
            return new Planned(null, null, refusal, -1, -1);
        }
    }

    private Planned plan(String sql, PhaseSnapshot snapshot, Catalog catalog) {
        if (searchPath.unreadable() != null && hook.mayName(sql, snapshot)
                && !SessionSearchPath.onlyCommands(sql)) {
            return Planned.refused(Decision.reject(ErrorResponse.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "phasegate: cannot tell which schemas this session's search_path names since \""
                            + searchPath.unreadable() + "\", so it cannot tell which tables this statement "
                            + "uses; the gateway asks the server once the session is idle outside a transaction "
                            + "block, or set the path with SET search_path TO a list of names")));
        }
        RewritePlan plan = hook.plan(sql, snapshot, catalog, searchPath.schemas());
        SqlPreparedStatements.Followed followed = plan instanceof RewritePlan.Rejected ? null
                : sqlPrepared.follow(sql, plan, snapshot, catalog);
        if (followed != null) {
            if (followed.refusal() != null) {
                return Planned.refused(Decision.reject(followed.refusal()));
            }
            plan = followed.plan();
        }
        if (plan instanceof RewritePlan.Rejected rejected) {
            return Planned.refused(reject(rejected, snapshot));
        }
        return new Planned(plan, followed, null, sqlPrepared.version(), searchPath.version());
    }

    /** A Bind to a portal name replaces the portal of that name (the unnamed one, typically). */
    private void discardPortal(String name) {
        Portal previous = portals.remove(name);
        if (previous != null) {
            previous.discard();
        }
    }

    /**
     * A refused Parse: the server fails a stand-in instead, which drops the unnamed statement but
     * leaves a named one that already existed as it was.
     */
    private void forgetUnnamed(String name) {
        if (name.isEmpty()) {
            forget(name);
        }
    }

    private void forget(String name) {
        Prepared st = statements.remove(name);
        if (st != null && st.rewritten()) {
            rewrittenStatements--;
        }
    }

    private Decision reject(RewritePlan.Rejected rejected, PhaseSnapshot snapshot) {
        RewriteError error = rejected.reason();
        StatementAudit audit = StatementAudit.rejected(rejected.actions(), snapshot);
        if (!audit.isEmpty()) {
            hook.audit().statement(auditSession, audit, AuditAction.REJECTED, snapshot.version(),
                    hook.audit().text(rejected.originalSql()), -1, -1, error.sqlState(), error.message(), Map.of());
        }
        return Decision.reject(ErrorResponse.error(error.sqlState(), error.message()));
    }

    /** The error PostgreSQL raises when a prepared statement's result type changed under it. */
    static ErrorResponse revalidate(String detail) {
        return ErrorResponse.cachedPlanMustNotChangeResultType("phasegate: " + detail);
    }

    /** Audits what the DDL guard did about a statement. */
    void auditDdl(DdlGuard.Verdict verdict, AuditAction action, PhaseSnapshot snapshot, String sql, long rows,
                  long durationNanos, String sqlState) {
        List<AuditColumn> columns = new ArrayList<>();
        List<DdlFinding> findings = new ArrayList<>(verdict.warnings());
        if (verdict.block() != null) {
            findings.add(0, verdict.block());
        }
        for (DdlFinding f : findings) {
            for (ManagedColumn m : snapshot.columnsOf(f.table())) {
                AuditColumn c = AuditColumn.of(m.id(), m.phase());
                if (!columns.contains(c)) {
                    columns.add(c);
                }
            }
        }
        hook.audit().ddl(auditSession, columns, action, snapshot.version(), sql, rows, durationNanos, sqlState,
                verdict.describe());
    }

    /** A DDL statement (or the commit after one) completed: the catalog may have changed. */
    void catalogTouched(boolean committed) {
        catalogDirty = !committed;
        hook.catalogMayHaveChanged();
    }

    boolean catalogDirty() {
        return catalogDirty;
    }

    private static boolean endsTransaction(String sql) {
        return DdlGuard.startsWith(sql, "commit") || DdlGuard.startsWith(sql, "end")
                || DdlGuard.startsWith(sql, "rollback") || DdlGuard.startsWith(sql, "abort");
    }

    /** The parameter types for the rewritten statement: the client's, moved to their new numbers. */
    static int[] upstreamTypes(int[] clientTypes, RewritePlan plan) {
        Optional<ParameterMap> map = plan.parameterMap();
        if (map.isEmpty() || clientTypes.length == 0) {
            return clientTypes;
        }
        int count = 0;
        for (int old = 1; old <= clientTypes.length; old++) {
            count = Math.max(count, map.get().newNumber(old));
        }
        int[] types = new int[count];
        for (int old = 1; old <= clientTypes.length; old++) {
            int n = map.get().newNumber(old);
            if (n > 0) {
                types[n - 1] = clientTypes[old - 1];
            }
        }
        return types;
    }

    /** The client's Bind with its parameter values (and per-parameter formats) moved to their new slots. */
    static Bind remapParameters(Bind bind, ParameterMap map) {
        List<ByteBuf> values = bind.parameters();
        short[] formats = bind.parameterFormats();
        int count = 0;
        for (int i = 0; i < values.size(); i++) {
            count = Math.max(count, map.newIndex(i) + 1);
        }
        ByteBuf[] moved = new ByteBuf[count];
        short[] movedFormats = formats.length > 1 ? new short[count] : formats;
        for (int i = 0; i < values.size(); i++) {
            int n = map.newIndex(i);
            if (n >= 0) {
                moved[n] = values.get(i);
                if (formats.length > 1) {
                    movedFormats[n] = i < formats.length ? formats[i] : 0;
                }
            }
        }
        List<ByteBuf> list = new ArrayList<>(count);
        for (ByteBuf v : moved) {
            list.add(v);
        }
        return bind.withParameters(movedFormats, list);
    }

    // ---- state ---------------------------------------------------------------------------------

    /** One prepared statement as this session knows it. Reused by name: re-parsing allocates nothing new. */
    static final class Prepared {
        String sql;
        int[] clientTypes;
        /** Null: touches no managed column, sent as the client wrote it. */
        RewritePlan plan;
        /** What completing it does to the session's followed SQL-level prepared statements; null: nothing. */
        SqlPreparedStatements.Followed followed;
        PhaseSnapshot snapshot;
        long snapshotVersion;
        long catalogVersion;
        long sqlPreparedVersion;
        long searchPathVersion;
        /** What running it does to the session's search_path; null: nothing. */
        SearchPathCommand searchPathCommand;
        DdlGuard.Verdict ddl;
        /** Lexically DDL: completing it may change the catalog. */
        boolean isDdl;
        /** Ends a transaction after DDL: completing it makes that DDL visible. */
        boolean commits;
        StatementAudit audit;
        /** Null until an execution is audited; then the same for every execution. */
        private AuditEmitter.Text auditText;

        void reset(String text, int[] types, Planned p, PhaseSnapshot s, Catalog catalog, DdlGuard.Verdict verdict,
                   boolean ddlText, boolean endsTransaction, SearchPathCommand pathCommand) {
            this.sql = text;
            this.auditText = null;
            this.clientTypes = types;
            this.ddl = verdict;
            this.isDdl = ddlText;
            this.commits = endsTransaction;
            this.searchPathCommand = pathCommand;
            replan(p, s, catalog);
        }

        void replan(Planned planned, PhaseSnapshot s, Catalog catalog) {
            RewritePlan p = planned.plan();
            this.plan = p;
            this.followed = planned.followed();
            this.sqlPreparedVersion = planned.sqlPreparedVersion();
            this.searchPathVersion = planned.searchPathVersion();
            this.snapshot = s;
            this.snapshotVersion = s.version();
            this.catalogVersion = catalog.version();
            this.audit = p == null || p.statements().isEmpty() ? StatementAudit.NONE
                    : StatementAudit.of(p.statements().get(0), s);
        }

        /** Its text as the audit records it: redacted and fingerprinted once, not per execution. */
        AuditEmitter.Text auditText(AuditEmitter emitter) {
            if (auditText == null) {
                auditText = emitter.text(sql);
            }
            return auditText;
        }

        /** What its statement completing on the server does to the followed SQL-level prepared statements; null: nothing. */
        Runnable completion() {
            if (followed == null) {
                return null;
            }
            SqlPreparedStatements.Followed f = followed;
            StatementPlan statement = plan.statements().get(0);
            return () -> f.completed(statement);
        }

        /** Whether Bind, Describe and Execute need to follow it (rewritten, audited, DDL, changes the search_path). */
        boolean observed() {
            return plan != null || !ddl.isEmpty() || isDdl || commits || searchPathCommand != null;
        }

        boolean rewritten() {
            return plan != null && plan.changed();
        }

        String upstreamSql() {
            return plan == null ? sql : plan.sql();
        }

        ResultFilter filter() {
            return plan == null ? ResultFilter.NONE : plan.resultFilter();
        }

        /** Whether {@code fresh} sends exactly what this statement was prepared with and treats its results alike. */
        boolean sameUpstream(RewritePlan fresh) {
            String freshSql = fresh == null ? sql : fresh.sql();
            ResultFilter freshFilter = fresh == null ? ResultFilter.NONE : fresh.resultFilter();
            Optional<ParameterMap> freshMap = fresh == null ? Optional.empty() : fresh.parameterMap();
            Optional<ParameterMap> map = plan == null ? Optional.empty() : plan.parameterMap();
            return upstreamSql().equals(freshSql) && filter().equals(freshFilter) && map.equals(freshMap);
        }
    }

    @Override
    public String toString() {
        return "RewritingSession[" + info.id() + " " + Objects.toString(info.user()) + "@" + info.database() + "]";
    }
}
