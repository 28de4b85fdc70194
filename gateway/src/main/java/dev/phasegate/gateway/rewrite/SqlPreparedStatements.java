package dev.phasegate.gateway.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.rewriter.ColumnAction;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.StatementKind;
import dev.phasegate.rewriter.StatementPlan;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.lex.LexicalStatement;
import dev.phasegate.rewriter.lex.PreparedStatementCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;

/**
 * A session's SQL-level prepared statements ({@code PREPARE name AS …}) whose statement touches a
 * managed column, or names a table that is managed in some schema (under another search_path it may
 * be that one). The rewriter plans the statement when it is prepared; this follows the name, so
 * that each {@code EXECUTE} is audited like the statement it runs, and an {@code EXECUTE} after a
 * flip that changed the statement's rewrite is refused (SQLSTATE 0A000, as PostgreSQL refuses a
 * prepared statement whose result type changed) until the client prepares it again; the server
 * still holds the old rewrite.
 *
 * <p>The set changes only when the server completes a {@code PREPARE}, {@code DEALLOCATE} or
 * {@code DISCARD ALL}: none of them is transactional in PostgreSQL (a rolled-back PREPARE stays),
 * so their completions are all there is to follow. Called on the session's event loop only.
 */
final class SqlPreparedStatements {

    /** One followed statement: what the server holds under its name, and the plan it was made under. */
    private static final class Entry {
        final String prepareText;
        final String upstreamText;
        /** Prepared while the session was not followed: the server holds the client's text as it was. */
        final boolean preparedUnseen;
        long snapshotVersion;
        long catalogVersion;
        long searchPathVersion;
        /** The statement's actions, in a list of its own: an EXECUTE's audit text is keyed by the list. */
        List<ColumnAction> actions;
        boolean write;

        Entry(String prepareText, RewritePlan plan, PhaseSnapshot snapshot, Catalog catalog, long searchPathVersion) {
            this.prepareText = prepareText;
            this.upstreamText = upstream(prepareText, plan);
            this.preparedUnseen = false;
            refresh(plan, snapshot, catalog, searchPathVersion);
        }

        /** A statement the server already holds, prepared from {@code prepareText} unchanged; checked at its first EXECUTE. */
        Entry(String prepareText, RewritePlan plan, PhaseSnapshot snapshot, Catalog catalog) {
            this.prepareText = prepareText;
            this.upstreamText = prepareText;
            this.preparedUnseen = true;
            refresh(plan, snapshot, catalog, -1);
            this.snapshotVersion = -1;
        }

        void refresh(RewritePlan plan, PhaseSnapshot snapshot, Catalog catalog, long searchPathVersion) {
            StatementPlan statement = plan == null || plan.statements().isEmpty() ? null : plan.statements().get(0);
            this.actions = statement == null ? List.of() : List.copyOf(new ArrayList<>(statement.actions()));
            this.write = statement != null && statement.write();
            this.snapshotVersion = snapshot.version();
            this.catalogVersion = catalog.version();
            this.searchPathVersion = searchPathVersion;
        }
    }

    /**
     * What a query string does to the followed statements.
     *
     * @param plan    the plan to run it by: the rewriter's, with each EXECUTE of a followed statement
     *                given that statement's actions; a {@link RewritePlan.Rejected} when the policy now
     *                refuses a statement an EXECUTE runs; {@code null} when the text concerns none
     * @param effects what to do when a statement completes on the server, by its plan (identity)
     * @param refusal when an EXECUTE runs a statement a flip has changed the rewrite of; else {@code null}
     */
    record Followed(RewritePlan plan, Map<StatementPlan, Runnable> effects, ErrorResponse refusal) {

        /** Runs what completing {@code statement} does to the set, if anything. */
        void completed(StatementPlan statement) {
            Runnable effect = effects.get(statement);
            if (effect != null) {
                effect.run();
            }
        }
    }

    /** Plans a text for this session ({@code null}: it touches no managed column). */
    @FunctionalInterface
    interface Planner {
        RewritePlan plan(String sql, PhaseSnapshot snapshot, Catalog catalog);
    }

    private final Planner planner;
    /** Whether a text may name a managed table under a snapshot (the rewriter's pre-filter). */
    private final BiPredicate<String, PhaseSnapshot> mayName;
    /** The session's search_path version: the server plans a prepared statement again when the path changes, and so does this. */
    private final LongSupplier searchPathVersion;
    private final Map<String, Entry> entries = new HashMap<>();
    /** Changes whenever the set does: a statement planned against an older set is planned again. */
    private long version;

    SqlPreparedStatements(Planner planner, BiPredicate<String, PhaseSnapshot> mayName,
                          LongSupplier searchPathVersion) {
        this.planner = planner;
        this.mayName = mayName;
        this.searchPathVersion = searchPathVersion;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    long version() {
        return version;
    }

    void clear() {
        if (!entries.isEmpty()) {
            entries.clear();
            version++;
        }
    }

    /**
     * What {@code sql} does to the followed statements, given the rewriter's plan of it ({@code null}
     * when it touches no managed column); {@code null} when it concerns none of them (decided
     * without a scan of the text while the session follows none and the plan holds no statement
     * that may be a PREPARE).
     */
    Followed follow(String sql, RewritePlan plan, PhaseSnapshot snapshot, Catalog catalog) {
        if (entries.isEmpty() && !mayPrepare(plan) && !(plan == null && preparesNamingManaged(sql, snapshot))
                || !PreparedStatementCommand.mayAppearIn(sql)) {
            return null;
        }
        RewritePlan base = plan != null ? plan : lexicalPlan(sql);
        List<StatementPlan> statements = new ArrayList<>(base.statements());
        Map<StatementPlan, Runnable> effects = new IdentityHashMap<>();
        // What the string's own earlier statements will have done by the time a later one runs.
        Map<String, Entry> earlier = new HashMap<>();
        boolean allDeallocatedEarlier = false;
        boolean substituted = false;
        for (int i = 0; i < statements.size(); i++) {
            StatementPlan s = statements.get(i);
            String text = sql.substring(s.startOffset(), s.endOffset());
            PreparedStatementCommand command = PreparedStatementCommand.of(text, 0, text.length());
            if (command == null) {
                continue;
            }
            String name = command.name();
            switch (command.kind()) {
                case PREPARE -> {
                    Entry entry = entryFor(text, snapshot, catalog);
                    earlier.put(name, entry);
                    effects.put(s, () -> put(name, entry));
                }
                case DEALLOCATE -> {
                    earlier.put(name, null);
                    effects.put(s, () -> put(name, null));
                }
                case DEALLOCATE_ALL -> {
                    earlier.clear();
                    allDeallocatedEarlier = true;
                    effects.put(s, this::clear);
                }
                case EXECUTE -> {
                    Entry entry = earlier.containsKey(name) ? earlier.get(name)
                            : allDeallocatedEarlier ? null : entries.get(name);
                    if (entry == null) {
                        continue;
                    }
                    long pathVersion = searchPathVersion.getAsLong();
                    if (entry.snapshotVersion != snapshot.version() || entry.catalogVersion != catalog.version()
                            || entry.searchPathVersion != pathVersion) {
                        RewritePlan fresh = planner.plan(entry.prepareText, snapshot, catalog);
                        if (fresh instanceof RewritePlan.Rejected) {
                            return new Followed(fresh, Map.of(), null);
                        }
                        if (!upstream(entry.prepareText, fresh).equals(entry.upstreamText)) {
                            return new Followed(null, Map.of(), RewritingSession.revalidate("prepared statement \""
                                    + name + "\" " + whyStale(entry, snapshot, pathVersion)
                                    + "; DEALLOCATE it and PREPARE it again"));
                        }
                        entry.refresh(fresh, snapshot, catalog, pathVersion);
                    }
                    statements.set(i, new StatementPlan(s.index(), s.kind(), entry.write, s.startOffset(),
                            s.endOffset(), false, entry.actions, s.resultFilter(), s.notes()));
                    substituted = true;
                }
                default -> throw new IllegalStateException(command.kind().toString());
            }
        }
        if (effects.isEmpty() && !substituted) {
            return null;
        }
        return new Followed(substituted || plan == null ? withStatements(base, statements) : plan, effects, null);
    }

    private static String whyStale(Entry entry, PhaseSnapshot snapshot, long pathVersion) {
        if (entry.preparedUnseen) {
            return "was prepared before phasegate followed this session, and the columns it uses are now managed";
        }
        String change = entry.searchPathVersion != pathVersion ? "the session's search_path has changed since"
                : "the phase of a column it uses has changed since (snapshot " + snapshot.version() + ")";
        return "was prepared under phase snapshot " + entry.snapshotVersion + ", and " + change;
    }

    /**
     * What the server is asked for the SQL-level prepared statements a session made while it was not
     * followed: a JSON array of {@code [name, query string]} pairs, or NULL when there are none.
     */
    static final String SERVER_LIST = "(SELECT pg_catalog.json_agg(pg_catalog.json_build_array(name, statement)) "
            + "FROM pg_catalog.pg_prepared_statements WHERE from_sql)";

    /**
     * Follows the SQL-level prepared statements the server holds for this session, as
     * {@link #SERVER_LIST} gave them ({@code null}: none), when they were prepared while the session
     * was not followed. Each is followed like one prepared here if its statement is; the server holds
     * its text as the client wrote it, so an EXECUTE is refused where the rewriter would now send it
     * differently (0A000, as after a flip) until the client prepares it again.
     *
     * @return how many are followed now
     */
    int adopt(String serverList, PhaseSnapshot snapshot, Catalog catalog) {
        if (serverList == null) {
            return 0;
        }
        JsonNode list;
        try {
            list = AdminJson.mapper().readTree(serverList);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable list of prepared statements from the server: " + e, e);
        }
        int adopted = 0;
        for (JsonNode pair : list) {
            String name = pair.path(0).asText(null);
            String prepareText = name == null ? null : prepareOf(name, pair.path(1).asText(""));
            if (prepareText == null || entries.containsKey(name)) {
                continue;
            }
            RewritePlan plan = planner.plan(prepareText, snapshot, catalog);
            if (plan instanceof RewritePlan.Rejected || plan == null && !mayName.test(prepareText, snapshot)) {
                continue;
            }
            put(name, new Entry(prepareText, plan, snapshot, catalog));
            adopted++;
        }
        return adopted;
    }

    /**
     * The statement that prepared {@code name} in the query string the server keeps for it (for a
     * PREPARE sent in a string of several statements, the server keeps the whole string): the last
     * PREPARE of that name in it, or {@code null}.
     */
    static String prepareOf(String name, String queryString) {
        String found = null;
        for (LexicalStatement ls : LexicalStatement.split(queryString)) {
            PreparedStatementCommand command = PreparedStatementCommand.of(queryString, ls.start(), ls.end());
            if (command != null && command.kind() == PreparedStatementCommand.Kind.PREPARE
                    && name.equals(command.name())) {
                found = queryString.substring(ls.start(), ls.end());
            }
        }
        return found;
    }

    /** Whether a statement of a managed text may be a PREPARE (of kind OTHER, as PREPARE, EXPLAIN and DECLARE are). */
    private static boolean mayPrepare(RewritePlan plan) {
        if (plan == null) {
            return false;
        }
        for (StatementPlan s : plan.statements()) {
            if (s.kind() == StatementKind.OTHER) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a text that touches no managed column starts with a {@code PREPARE} of a statement that
     * names a managed table (in another schema than the one its names resolve to now). Its first
     * word is read first: a Parse carries one statement, and this runs for every unmanaged one.
     */
    private boolean preparesNamingManaged(String sql, PhaseSnapshot snapshot) {
        PreparedStatementCommand command = PreparedStatementCommand.of(sql, 0, sql.length());
        return command != null && command.kind() == PreparedStatementCommand.Kind.PREPARE
                && mayName.test(sql, snapshot);
    }

    /**
     * The entry a {@code PREPARE} puts in place, or {@code null} when its statement is not followed:
     * followed when it touches a managed column, or names a managed table's name (a change of
     * search_path may make it that table).
     */
    private Entry entryFor(String prepareText, PhaseSnapshot snapshot, Catalog catalog) {
        RewritePlan alone = planner.plan(prepareText, snapshot, catalog);
        if (alone instanceof RewritePlan.Rejected || alone == null && !mayName.test(prepareText, snapshot)) {
            return null;
        }
        return new Entry(prepareText, alone, snapshot, catalog, searchPathVersion.getAsLong());
    }

    /** The server completed a PREPARE ({@code entry}, null when not followed) or a DEALLOCATE (null) of {@code name}. */
    private void put(String name, Entry entry) {
        Entry previous = entry == null ? entries.remove(name) : entries.put(name, entry);
        if (previous != null || entry != null) {
            version++;
        }
    }

    private static String upstream(String text, RewritePlan plan) {
        return plan == null ? text : plan.sql();
    }

    /** A plan of statements that touch no managed column, found lexically, for following their completions. */
    private static RewritePlan lexicalPlan(String sql) {
        List<LexicalStatement> lexical = LexicalStatement.split(sql);
        List<StatementPlan> statements = new ArrayList<>(lexical.size());
        for (int i = 0; i < lexical.size(); i++) {
            LexicalStatement ls = lexical.get(i);
            statements.add(StatementPlan.untouched(i, ls.kind(), ls.write(), ls.start(), ls.end()));
        }
        return new RewritePlan.Unchanged(sql, StatementKind.of(statements), statements);
    }

    private static RewritePlan withStatements(RewritePlan plan, List<StatementPlan> statements) {
        if (plan instanceof RewritePlan.Rewritten r) {
            return new RewritePlan.Rewritten(r.originalSql(), r.sql(), r.kind(), statements,
                    r.parameterMap().orElse(null));
        }
        return new RewritePlan.Unchanged(plan.originalSql(), plan.kind(), statements);
    }
}
