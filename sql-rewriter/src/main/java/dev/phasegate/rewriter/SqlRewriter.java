package dev.phasegate.rewriter;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.UnparsablePolicy;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.analysis.CopyRewriter;
import dev.phasegate.rewriter.analysis.PlanContext;
import dev.phasegate.rewriter.analysis.StatementRewriter;
import dev.phasegate.rewriter.analysis.Templates;
import dev.phasegate.rewriter.analysis.Unsupported;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.lex.LexicalStatement;
import dev.phasegate.rewriter.lex.PreFilter;
import dev.phasegate.rewriter.lex.TokenList;
import dev.phasegate.rewriter.parse.Parsers;
import dev.phasegate.rewriter.parse.Positions;
import dev.phasegate.rewriter.parse.ScriptParseException;
import dev.phasegate.rewriter.parse.ScriptParser;
import dev.phasegate.rewriter.parse.Statement;
import dev.phasegate.rewriter.parser.PgPrepare;
import dev.phasegate.rewriter.splice.Edit;
import dev.phasegate.rewriter.splice.EditSet;
import dev.phasegate.rewriter.splice.ParameterRenumbering;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * The rewriter: {@code (sql, phase snapshot, catalog) → RewritePlan}, a pure function (no I/O, no
 * clock, no logging). Construct one per gateway with the rewriter configuration; it holds the plan
 * cache and is thread-safe.
 *
 * <p>The path of a statement: the {@link PreFilter} (one lexical pass) lets every statement that
 * names no managed table through unchanged without parsing; the others are looked up in the
 * {@link PlanCache} by text and versions (or filled in from the plan of their literal shape), and
 * planned on a miss: parsed once, each column
 * reference resolved against the {@link Catalog}, the phase's edits spliced into the original text,
 * placeholders renumbered if some disappeared. What cannot be handled follows the policy:
 * {@link RewriterConfig#onUnparsableWrite()} for writes, {@link RewriterConfig#onUnparsableRead()}
 * for reads.
 */
public final class SqlRewriter {

    private final RewriterConfig config;
    private final ScriptParser parser;
    private final Templates templates = new Templates();
    private final PlanCache cache;
    private volatile FilterFor filter = new FilterFor(null, PreFilter.of(List.of()));

    private record FilterFor(PhaseSnapshot snapshot, PreFilter filter) {
    }

    public SqlRewriter(RewriterConfig config) {
        this(config, Parsers.postgres());
    }

    public SqlRewriter(RewriterConfig config, ScriptParser parser) {
        this.config = Objects.requireNonNull(config, "config");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.cache = config.planCacheSize() > 0 ? new PlanCache(config.planCacheSize()) : null;
    }

    public RewriterConfig config() {
        return config;
    }

    /** The plan cache, or null when {@code planCacheSize} is 0. */
    public PlanCache cache() {
        return cache;
    }

    /**
     * Plans a query string (one statement, or several for the simple query protocol).
     * Unmanaged statements come back as {@link RewritePlan.Unchanged} of kind
     * {@link StatementKind#UNCLASSIFIED} without being parsed.
     */
    public RewritePlan plan(String sql, PhaseSnapshot snapshot, Catalog catalog) {
        return plan(sql, snapshot, catalog, config.searchPath());
    }

    /**
     * Plans a query string for a session whose unqualified table names resolve through
     * {@code searchPath} (its schemas in order, as PostgreSQL folds them) instead of the configured
     * {@link RewriterConfig#searchPath()}.
     */
    public RewritePlan plan(String sql, PhaseSnapshot snapshot, Catalog catalog, List<String> searchPath) {
        PreFilter pf = preFilter(snapshot);
        if (!pf.mayName(sql)) {
            return new RewritePlan.Unchanged(sql, StatementKind.UNCLASSIFIED, List.of());
        }
        if (cache == null) {
            return planUncached(sql, snapshot, catalog, searchPath);
        }
        return cache.get(sql, snapshot.version(), catalog.version(), searchPath,
                text -> planUncached(text, snapshot, catalog, searchPath));
    }

    /** The pre-filter for a snapshot (built once per snapshot). */
    public PreFilter preFilter(PhaseSnapshot snapshot) {
        FilterFor current = filter;
        if (current.snapshot == snapshot) {
            return current.filter;
        }
        PreFilter pf = PreFilter.of(snapshot.managedTableNames());
        filter = new FilterFor(snapshot, pf);
        return pf;
    }

    /** Plans without the pre-filter and the cache (the admin API's preview uses this). */
    public RewritePlan planUncached(String sql, PhaseSnapshot snapshot, Catalog catalog) {
        return planUncached(sql, snapshot, catalog, config.searchPath());
    }

    /** Plans without the pre-filter and the cache, unqualified names resolved through {@code searchPath}. */
    public RewritePlan planUncached(String sql, PhaseSnapshot snapshot, Catalog catalog, List<String> searchPath) {
        PreFilter pf = preFilter(snapshot);
        List<Statement> statements;
        try {
            statements = parser.parse(sql);
        } catch (ScriptParseException e) {
            return planStatementByStatement(sql, snapshot, catalog, searchPath, pf, e);
        }
        TokenList tokens = TokenList.of(sql);
        Positions positions = new Positions(sql);
        Outcome outcome = new Outcome(sql);
        for (int i = 0; i < statements.size(); i++) {
            Statement st = statements.get(i);
            if (!outcome.add(planParsed(i, sql, tokens, positions, st.node(), st.start(), st.end(), snapshot, catalog,
                    searchPath, pf, 0))) {
                return outcome.rejected;
            }
        }
        return outcome.finish();
    }

    /** The whole string does not parse: plan its statements one by one, each parsed on its own. */
    private RewritePlan planStatementByStatement(String sql, PhaseSnapshot snapshot, Catalog catalog,
                                                 List<String> searchPath, PreFilter pf,
                                                 ScriptParseException scriptError) {
        Outcome outcome = new Outcome(sql);
        List<LexicalStatement> lexical = LexicalStatement.split(sql);
        for (int i = 0; i < lexical.size(); i++) {
            LexicalStatement ls = lexical.get(i);
            String text = sql.substring(ls.start(), ls.end());
            Planned planned;
            if (!pf.mayName(text)) {
                planned = Planned.untouched(i, ls.kind(), ls.write(), ls.start(), ls.end());
            } else {
                List<Statement> parsed = null;
                String error = scriptError.getMessage();
                try {
                    parsed = parser.parse(text);
                } catch (ScriptParseException e) {
                    error = e.getMessage();
                }
                if (parsed != null && parsed.size() == 1) {
                    planned = planParsed(i, text, TokenList.of(text), new Positions(text), parsed.get(0).node(), 0,
                            text.length(), snapshot, catalog, searchPath, pf, ls.start());
                } else {
                    planned = unparsable(i, text, ls, snapshot, catalog, searchPath, pf, error);
                }
            }
            if (!outcome.add(planned)) {
                return outcome.rejected;
            }
        }
        return outcome.finish();
    }

    /** One statement's plan and the edits to splice (offsets in the whole string). */
    private record Planned(StatementPlan plan, List<Edit> edits, RewriteError error) {
        static Planned untouched(int index, StatementKind kind, boolean write, int start, int end) {
            return new Planned(StatementPlan.untouched(index, kind, write, start, end), List.of(), null);
        }
    }

    private Planned planParsed(int index, String text, TokenList tokens, Positions positions, SqlNode node, int start,
                               int end, PhaseSnapshot snapshot, Catalog catalog, List<String> searchPath,
                               PreFilter pf, int shift) {
        LexicalStatement lexical = LexicalStatement.of(text, start, end);
        if (!pf.mayName(text.substring(start, end))) {
            return Planned.untouched(index, kindOf(node, lexical), lexical.write(), start + shift, end + shift);
        }
        PlanContext ctx = new PlanContext(text, tokens, positions, snapshot, catalog, searchPath, templates);
        StatementKind kind;
        try {
            if (lexical.kind() == StatementKind.COPY) {
                new CopyRewriter(ctx, start, end).plan();
                kind = StatementKind.COPY;
            } else {
                kind = new StatementRewriter(ctx).statement(node);
                if (kind == StatementKind.UTILITY) {
                    kind = lexical.kind() == StatementKind.SELECT ? StatementKind.OTHER : lexical.kind();
                    if (lexical.write() && kind != StatementKind.DDL) {
                        // A parsed statement the planner does not model that may write: never
                        // let it through unrewritten silently.
                        throw new Unsupported(null, kind.wireName().toUpperCase(Locale.ROOT),
                                "the rewriter does not model this statement");
                    }
                }
            }
        } catch (Unsupported u) {
            return policy(index, text, start, end, shift, lexical, ctx.isWrite() || lexical.write(), u.column(),
                    u.construct(), u.getMessage(), snapshot, pf);
        } catch (RuntimeException | StackOverflowError e) {
            // A planner bug (or nesting deeper than the stack) must not let a statement through
            // half-rewritten: treat it as unparsable.
            return policy(index, text, start, end, shift, lexical, ctx.isWrite() || lexical.write(), null,
                    "internal error", e.toString(), snapshot, pf);
        }
        if (node instanceof PgPrepare && dropsParameter(text, start, end, ctx.edits().edits())) {
            // EXECUTE passes its values by position: numbering them anew would need every EXECUTE
            // of the statement rewritten to match.
            return policy(index, text, start, end, shift, lexical, ctx.isWrite() || lexical.write(), null,
                    "PREPARE whose rewrite drops a parameter", "the rewrite of the prepared statement would "
                            + "drop a $n placeholder, and EXECUTE would still pass its value", snapshot, pf);
        }
        List<Edit> edits = new ArrayList<>();
        for (Edit e : ctx.edits().edits()) {
            edits.add(new Edit(e.start() + shift, e.end() + shift, e.text(), e.sequence()));
        }
        boolean write = ctx.isWrite() || (kind != StatementKind.SELECT && lexical.write());
        StatementPlan plan = new StatementPlan(index, kind, write, start + shift, end + shift, !edits.isEmpty(),
                ctx.actions(), ResultFilter.shadow(ctx.shadowChecks()), ctx.notes());
        return new Planned(plan, edits, null);
    }

    /** Whether applying {@code edits} to the statement {@code text[start, end)} removes every use of some {@code $n}. */
    private static boolean dropsParameter(String text, int start, int end, List<Edit> edits) {
        String statement = text.substring(start, end);
        BitSet dropped = ParameterRenumbering.parameters(statement);
        if (dropped.isEmpty() || edits.isEmpty()) {
            return false;
        }
        EditSet set = new EditSet(statement);
        for (Edit e : edits) {
            set.add(e, -start);
        }
        dropped.andNot(ParameterRenumbering.parameters(set.apply()));
        return !dropped.isEmpty();
    }

    private Planned unparsable(int index, String text, LexicalStatement ls, PhaseSnapshot snapshot, Catalog catalog,
                               List<String> searchPath, PreFilter pf, String parseError) {
        LexicalStatement local = LexicalStatement.of(text, 0, text.length());
        if (local.kind() == StatementKind.COPY) {
            PlanContext ctx = new PlanContext(text, TokenList.of(text), new Positions(text), snapshot, catalog,
                    searchPath, templates);
            try {
                new CopyRewriter(ctx, 0, text.length()).plan();
                List<Edit> edits = new ArrayList<>();
                for (Edit e : ctx.edits().edits()) {
                    edits.add(new Edit(e.start() + ls.start(), e.end() + ls.start(), e.text(), e.sequence()));
                }
                return new Planned(new StatementPlan(index, StatementKind.COPY, ls.write(), ls.start(), ls.end(),
                        !edits.isEmpty(), ctx.actions(), ResultFilter.NONE, List.of()), edits, null);
            } catch (Unsupported u) {
                return policy(index, text, 0, text.length(), ls.start(), local, ls.write(), u.column(),
                        u.construct(), u.getMessage(), snapshot, pf);
            }
        }
        if (local.kind() == StatementKind.DDL || local.kind() == StatementKind.UTILITY) {
            // Schema changes (the operator adding the new column through the gateway) and session
            // commands pass: they read or write no managed column's data.
            return Planned.untouched(index, local.kind(), local.write(), ls.start(), ls.end());
        }
        return policy(index, text, 0, text.length(), ls.start(), local, local.write(), null, "parse error",
                "the statement could not be parsed: " + parseError, snapshot, pf);
    }

    private Planned policy(int index, String text, int start, int end, int shift, LexicalStatement lexical,
                           boolean write, ManagedColumn column, String construct, String detail,
                           PhaseSnapshot snapshot, PreFilter pf) {
        UnparsablePolicy policy = write ? config.onUnparsableWrite() : config.onUnparsableRead();
        List<ManagedColumn> concerned = new ArrayList<>();
        if (column != null) {
            concerned.add(column);
        } else {
            Set<String> names = PreFilter.identifiersIn(text.substring(start, end));
            for (ManagedColumn m : snapshot.columns()) {
                if (m.phase() != Phase.COMPLETE && names.contains(m.id().table())) {
                    concerned.add(m);
                }
            }
        }
        Action action = policy == UnparsablePolicy.REJECT ? Action.REJECTED : Action.UNPARSED;
        List<ColumnAction> actions = new ArrayList<>();
        for (ManagedColumn m : concerned) {
            actions.add(new ColumnAction(m.id(), m.phase(), action, ColumnRole.TABLE, construct));
        }
        StatementKind kind = lexical.kind() == StatementKind.EMPTY ? StatementKind.OTHER : lexical.kind();
        StatementPlan plan = new StatementPlan(index, kind, write, start + shift, end + shift, false, actions,
                ResultFilter.NONE, List.of(construct + ": " + detail));
        if (policy == UnparsablePolicy.PASS) {
            return new Planned(plan, List.of(), null);
        }
        String columns = concerned.isEmpty() ? "a managed table"
                : concerned.stream().map(m -> m.id() + " (phase " + m.phase() + ")").reduce((a, b) -> a + ", " + b)
                        .orElse("");
        String message = "phasegate refused a " + (write ? "write" : "read") + " touching " + columns + ": "
                + construct + " is not supported here (" + detail + ")";
        return new Planned(plan, List.of(), new RewriteError(RewriteError.FEATURE_NOT_SUPPORTED, message,
                concerned.isEmpty() ? null : concerned.get(0).id(), construct));
    }

    private static StatementKind kindOf(SqlNode node, LexicalStatement lexical) {
        SqlKind k = node.getKind();
        if (k == SqlKind.INSERT) {
            return StatementKind.INSERT;
        }
        if (k == SqlKind.UPDATE) {
            return StatementKind.UPDATE;
        }
        if (k == SqlKind.DELETE) {
            return StatementKind.DELETE;
        }
        if (k.belongsTo(SqlKind.QUERY)) {
            return lexical.kind() == StatementKind.SELECT ? StatementKind.SELECT : lexical.kind();
        }
        return lexical.kind();
    }

    /** Collects statement plans and edits into the plan of the whole string. */
    private static final class Outcome {
        private final String sql;
        private final List<StatementPlan> plans = new ArrayList<>();
        private final EditSet edits;
        private RewritePlan rejected;

        Outcome(String sql) {
            this.sql = sql;
            this.edits = new EditSet(sql);
        }

        /** Adds a statement; false when it was rejected (the whole string is). */
        boolean add(Planned planned) {
            plans.add(planned.plan());
            if (planned.error() != null) {
                rejected = new RewritePlan.Rejected(sql, kind(), plans, planned.error());
                return false;
            }
            for (Edit e : planned.edits()) {
                edits.add(e, 0);
            }
            return true;
        }

        private StatementKind kind() {
            return StatementKind.of(plans);
        }

        RewritePlan finish() {
            if (edits.isEmpty()) {
                return new RewritePlan.Unchanged(sql, kind(), plans);
            }
            String text = edits.apply();
            ParameterRenumbering.Result r = ParameterRenumbering.renumber(sql, text);
            return new RewritePlan.Rewritten(sql, r.sql(), kind(), plans, r.map());
        }
    }
}
