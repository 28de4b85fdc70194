package dev.phasegate.gateway.rewrite;

import dev.phasegate.rewriter.lex.LeadingWords;
import dev.phasegate.rewriter.lex.LexicalStatement;
import dev.phasegate.rewriter.lex.SearchPathCommand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code search_path} a session's unqualified table names resolve through, followed as
 * PostgreSQL keeps it. It starts at the session's default (its startup parameters, else
 * {@code rewriter.searchPath}), which RESET, DEFAULT and DISCARD ALL go back to. {@code $user} in it
 * stands for the current role, so {@code SET ROLE} and {@code SET SESSION AUTHORIZATION} are
 * followed the same way.
 *
 * <p>A change takes effect when the gateway plans the statement that makes it, so the requests
 * sent after it are planned with it. The server undoes a transaction's changes when the
 * transaction rolls back or fails, a {@code SET LOCAL} when it ends, and the changes after a
 * savepoint at {@code ROLLBACK TO}; this does the same from what the statements say and from each
 * ReadyForQuery's transaction status, so a change that never ran (an earlier statement failed) is
 * undone with the transaction it would have been part of.
 *
 * <p>Savepoints are remembered only once the path changed in the transaction: one made before that
 * holds the path the transaction started with, which is what rolling back to a savepoint this does
 * not know restores.
 *
 * <p>What the statements do not say, the server does ({@link #needsServer}): the default a session
 * starts with when its startup parameters set none (a role's or database's {@code ALTER … SET
 * search_path}), a value set from a parameter, an expression or code ({@code DO}, an update of
 * {@code pg_settings}), and whatever the session did while its requests were not inspected. The
 * server is asked only outside a transaction block. Until it answers, the last value known (or
 * {@code rewriter.searchPath}) stands in, except after an unreadable value: then the statements
 * that may use a managed table are refused. One session's, on its event loop.
 */
final class SessionSearchPath {

    /**
     * A value of the path: its schemas as set ({@code $user} kept), the current role ({@code null}:
     * the session's user), with {@code unreadable} the statement after which the schemas are only
     * the last known ones (requests that may use a managed table are refused until the server says
     * which they are), with {@code assumed} why they are a stand-in to have the server confirm
     * (planned with meanwhile), and the schemas names resolve through ({@code $user} resolved).
     */
    private record Value(List<String> schemas, String role, String unreadable, Assumed assumed,
                         List<String> resolved) {

        boolean known() {
            return unreadable == null && assumed == null;
        }
    }

    /** Why a value's schemas are a stand-in. */
    private enum Assumed {
        /** The session's default, which the gateway cannot see (a role's or database's setting). */
        DEFAULT,
        /** The session's requests went by uninspected: it may have changed the path meanwhile. */
        UNSEEN
    }

    private record Saved(String name, Value current, Value session) {
    }

    /** The session's default, which RESET goes back to. */
    private Value reset;
    private final String user;
    private Value current;
    /** What stays when the transaction commits: the current value without its {@code SET LOCAL}. */
    private Value session;
    /** What a rollback goes back to. */
    private Value atStart;
    private final ArrayDeque<Saved> savepoints = new ArrayDeque<>();
    /** The path changed in this transaction: its savepoints and its end decide what stays. */
    private boolean changed;
    /** The transaction failed: its end rolls it back. */
    private boolean failed;
    /** COMMIT or ROLLBACK AND CHAIN: the next ReadyForQuery ends the transaction though it reports one open. */
    private boolean chained;
    private long version;

    /**
     * A session whose startup parameters set its path.
     *
     * @param initial the schemas the session starts with ({@code $user} stands for the current role)
     * @param user    the session's user, for {@code $user} in later values
     */
    SessionSearchPath(List<String> initial, String user) {
        this(initial, null, user);
    }

    /**
     * A session that starts with its role's or database's default, which only the server knows:
     * {@code standIn} ({@code rewriter.searchPath}) is planned with until it says.
     */
    static SessionSearchPath startingWithDefault(List<String> standIn, String user) {
        return new SessionSearchPath(standIn, Assumed.DEFAULT, user);
    }

    private SessionSearchPath(List<String> initial, Assumed assumed, String user) {
        this.user = user;
        this.reset = value(initial, null, null, assumed);
        this.current = reset;
        this.session = reset;
        this.atStart = reset;
    }

    private SessionSearchPath(SessionSearchPath other) {
        this.reset = other.reset;
        this.user = other.user;
        this.current = other.current;
        this.session = other.session;
        this.atStart = other.atStart;
        this.savepoints.addAll(other.savepoints);
        this.changed = other.changed;
        this.failed = other.failed;
        this.chained = other.chained;
        this.version = other.version;
    }

    /** {@code schemas} with {@code $user} standing for {@code user}. */
    private static List<String> resolve(List<String> schemas, String user) {
        if (user == null || !schemas.contains(SearchPathCommand.USER)) {
            return List.copyOf(schemas);
        }
        List<String> resolved = new ArrayList<>(schemas.size());
        for (String schema : schemas) {
            resolved.add(schema.equals(SearchPathCommand.USER) ? user : schema);
        }
        return List.copyOf(resolved);
    }

    /** The schemas names resolve through now; the last ones known while {@link #unreadable()}. */
    List<String> schemas() {
        return current.resolved();
    }

    /** The statement that set the path to something this cannot read, or {@code null}. */
    String unreadable() {
        return current.unreadable();
    }

    /** Whether only the server can say what the path is now ({@link #QUESTION}). */
    boolean needsServer() {
        return !current.known();
    }

    /**
     * What the server is asked when {@link #needsServer}: the path as set ({@code $user} kept), and
     * the current role, which {@code $user} stands for. Qualified, so that no function of the
     * session's own path can stand in for the built-in one.
     */
    static final String QUESTION = "SELECT pg_catalog.current_setting('search_path'), current_user";

    /**
     * The server's answer to {@link #QUESTION}, asked outside a transaction block: {@code setting}
     * and {@code role} as it returned them.
     */
    void learned(String setting, String role) {
        List<String> schemas = SearchPathCommand.list(setting);
        Value value = value(schemas, role == null || role.equals(user) ? null : role, null, null);
        if (current.assumed() == Assumed.DEFAULT) {
            // Nothing the session said set it: it is the session's default, which RESET goes back to.
            reset = value(schemas, null, null, null);
        }
        settle(value);
    }

    /**
     * The session's requests went by without being inspected: it may have changed the path
     * meanwhile. The last value known stands in until the server says.
     */
    void forget() {
        if (current.assumed() == Assumed.UNSEEN && session == current && atStart == current) {
            return;
        }
        settle(value(current.schemas(), current.role(), null, Assumed.UNSEEN));
    }

    /** Grows whenever the path changes: statements planned under an older version are planned again. */
    long version() {
        return version;
    }

    /**
     * The path once the statements of a query string ran: this one when they do nothing to it, a
     * changed copy when they do, {@code null} when a statement after a change {@code usesManaged}
     * (the whole string is planned with the path before it, so that statement would be planned
     * with the wrong one). {@code leadingWords}: the text's {@link LeadingWords}, which the caller
     * has for its DDL question too.
     */
    SessionSearchPath after(String sql, int leadingWords, Predicate<String> usesManaged) {
        if (!SearchPathCommand.mayAppearIn(leadingWords, followsTransaction())) {
            return this;
        }
        SessionSearchPath after = null;
        for (LexicalStatement statement : LexicalStatement.split(sql)) {
            SearchPathCommand command = SearchPathCommand.of(sql, statement.start(), statement.end());
            if (command != null) {
                if (after == null) {
                    after = new SessionSearchPath(this);
                }
                after.apply(command);
            } else if (after != null && after.version != version
                    && usesManaged.test(sql.substring(statement.start(), statement.end()))) {
                return null;
            }
        }
        return after == null ? this : after;
    }

    /**
     * What a prepared statement (one statement) does to the path when it runs, or {@code null};
     * {@code leadingWords} as for {@link #after}.
     */
    static SearchPathCommand commandOf(String sql, int leadingWords) {
        if (!SearchPathCommand.mayAppearIn(leadingWords, true)) {
            return null;
        }
        List<LexicalStatement> statements = LexicalStatement.split(sql);
        return statements.size() == 1 ? SearchPathCommand.of(sql, statements.get(0).start(), statements.get(0).end())
                : null;
    }

    /** Whether every statement of {@code sql} is a search_path command (they may run while the path is unreadable). */
    static boolean onlyCommands(String sql) {
        if (!SearchPathCommand.mayAppearIn(sql, true)) {
            return false;
        }
        for (LexicalStatement statement : LexicalStatement.split(sql)) {
            if (SearchPathCommand.of(sql, statement.start(), statement.end()) == null) {
                return false;
            }
        }
        return true;
    }

    /** Whether savepoints and transaction ends matter now (the path changed in the open transaction). */
    boolean followsTransaction() {
        return changed || chained;
    }

    /** A statement that does something to the path is about to be sent. */
    void apply(SearchPathCommand command) {
        if (command instanceof SearchPathCommand.Set set) {
            // DEFAULT and RESET go back to the session's default, known or not.
            List<String> schemas = set.schemas() == null ? reset.schemas() : set.schemas();
            Assumed assumed = set.schemas() == null ? reset.assumed() : null;
            if (!set.local()) {
                session = value(schemas, session.role(), null, assumed);
            }
            change(value(schemas, current.role(), null, assumed));
        } else if (command instanceof SearchPathCommand.Role role) {
            if (!role.local()) {
                session = value(session.schemas(), role.role(), session.unreadable(), session.assumed());
            }
            change(value(current.schemas(), role.role(), current.unreadable(), current.assumed()));
        } else if (command instanceof SearchPathCommand.ResetAll) {
            session = reset;
            change(reset);
        } else if (command instanceof SearchPathCommand.Unreadable unreadable) {
            session = value(session.schemas(), session.role(), unreadable.statement(), null);
            change(value(current.schemas(), current.role(), unreadable.statement(), null));
        } else if (command instanceof SearchPathCommand.Savepoint savepoint) {
            if (changed) {
                savepoints.push(new Saved(savepoint.name(), current, session));
            }
        } else if (command instanceof SearchPathCommand.Release release) {
            // Releasing a savepoint releases the ones made after it; one not known here was made
            // before all of them.
            while (!savepoints.isEmpty() && !savepoints.pop().name().equals(release.name())) {
                continue;
            }
        } else if (command instanceof SearchPathCommand.RollbackTo rollbackTo) {
            rollBackTo(rollbackTo.name());
        } else if (command instanceof SearchPathCommand.End end) {
            if (end.rollback()) {
                rollBack();
            }
            chained |= end.chain();
        }
    }

    /**
     * The server is ready for the next request: {@code status} is ReadyForQuery's ({@code I} idle,
     * {@code T} in a transaction block, {@code E} in a failed one), {@code failedSinceLast} whether an
     * error answered any request since the previous one.
     */
    void readyForQuery(char status, boolean failedSinceLast) {
        if (!changed && !chained) {
            return; // the path is what the transaction started with: nothing to keep or undo
        }
        if (failedSinceLast || status == 'E') {
            failed = true;
        }
        if (status == 'I' || chained) {
            settle(failed ? atStart : session);
        } else if (status == 'T') {
            failed = false; // ROLLBACK TO a savepoint mended it
        }
    }

    /** The path is {@code value} outside any transaction: what the next one starts with, nothing to undo. */
    private void settle(Value value) {
        session = value;
        atStart = value;
        savepoints.clear();
        changed = false;
        failed = false;
        chained = false;
        set(value);
    }

    private void rollBackTo(String name) {
        for (Saved saved : savepoints) {
            if (saved.name().equals(name)) {
                // The savepoint stays; the ones made after it are gone.
                while (savepoints.peek() != saved) {
                    savepoints.pop();
                }
                session = saved.session();
                set(saved.current());
                return;
            }
        }
        // Made before the path changed in this transaction.
        savepoints.clear();
        session = atStart;
        set(atStart);
    }

    private void rollBack() {
        savepoints.clear();
        session = atStart;
        set(atStart);
        changed = false;
    }

    private Value value(List<String> schemas, String role, String unreadable, Assumed assumed) {
        return new Value(List.copyOf(schemas), role, unreadable, assumed,
                resolve(schemas, role != null ? role : user));
    }

    private void change(Value value) {
        changed = true;
        set(value);
    }

    private void set(Value value) {
        if (!value.equals(current)) {
            current = value;
            version++;
        }
    }

    @Override
    public String toString() {
        if (current.unreadable() != null) {
            return "unreadable after " + current.unreadable();
        }
        String schemas = String.join(", ", current.resolved());
        return current.assumed() == null ? schemas : schemas + " (assumed until the server confirms it)";
    }
}
