package dev.phasegate.rewriter.lex;

import dev.phasegate.config.column.Identifiers;
import java.util.List;

/**
 * A statement that changes a session's {@code search_path}, or that decides whether such a change
 * lasts (savepoints, the end of a transaction). Read from the statement's words alone, so a gateway
 * can follow the path a session's unqualified table names resolve through without parsing
 * anything else.
 *
 * <p>What changes the path: {@code SET [SESSION | LOCAL] search_path {TO | =} …}, {@code SET
 * [SESSION | LOCAL] SCHEMA '…'}, {@code RESET search_path}, {@code RESET ALL}, {@code DISCARD ALL}
 * and {@code set_config('search_path', …, …)} anywhere in a statement; and, since {@code $user}
 * in the path stands for the current role, {@code SET [SESSION | LOCAL] ROLE}, {@code SET SESSION
 * AUTHORIZATION} and their RESETs. A {@code DO} block that mentions the path, or an update of
 * {@code pg_settings} for it, sets it to something only the server can tell ({@link Unreadable}).
 * Not seen: a change made inside a function the statement calls.
 */
public sealed interface SearchPathCommand {

    /** The name that stands for the session's user in a search_path. */
    String USER = "$user";

    /**
     * The path is set. {@code schemas} as PostgreSQL stores them (names folded; {@link #USER} kept
     * for the caller to resolve), or {@code null} for the session's default ({@code DEFAULT},
     * {@code RESET search_path}).
     *
     * @param local until the end of the transaction only ({@code SET LOCAL}, {@code set_config(…, true)})
     */
    record Set(boolean local, List<String> schemas) implements SearchPathCommand {
        public Set {
            schemas = schemas == null ? null : List.copyOf(schemas);
        }
    }

    /**
     * The current role is set ({@code SET ROLE}, {@code SET SESSION AUTHORIZATION}): {@code role} as
     * PostgreSQL folds it, {@code null} for the session's own ({@code NONE}, {@code DEFAULT}, RESET).
     */
    record Role(boolean local, String role) implements SearchPathCommand {
    }

    /** {@code RESET ALL} or {@code DISCARD ALL}: the path and the role go back to the session's defaults. */
    record ResetAll() implements SearchPathCommand {
    }

    /**
     * The path is set to something that cannot be read from the text: a parameter, an expression,
     * code that a {@code DO} block runs (one that mentions {@code search_path}), an {@code UPDATE}
     * of {@code pg_settings} for it.
     */
    record Unreadable(String statement) implements SearchPathCommand {
    }

    /** {@code SAVEPOINT name}. */
    record Savepoint(String name) implements SearchPathCommand {
    }

    /** {@code RELEASE [SAVEPOINT] name}. */
    record Release(String name) implements SearchPathCommand {
    }

    /** {@code ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name}. */
    record RollbackTo(String name) implements SearchPathCommand {
    }

    /**
     * {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT}.
     *
     * @param chain {@code AND CHAIN}: a new transaction starts at once
     */
    record End(boolean rollback, boolean chain) implements SearchPathCommand {
    }

    /**
     * Whether some statement of {@code sql} may change the path: false for certain, true may be wrong
     * (then {@link #of} says no). With {@code transactionControl}, also whether it may be one of the
     * savepoint or transaction-end commands.
     *
     * <p>Asked of every query of a session that inspects requests, so it looks at little: each
     * {@code _} (for {@code search_path} and {@code set_config}) and the first word of each
     * statement (for the commands, all of which start with their own word); see {@link LeadingWords}.
     */
    static boolean mayAppearIn(CharSequence sql, boolean transactionControl) {
        return mayAppearIn(LeadingWords.of(sql), transactionControl);
    }

    /** {@link #mayAppearIn(CharSequence, boolean)} for a text whose {@link LeadingWords} are {@code leadingWords}. */
    static boolean mayAppearIn(int leadingWords, boolean transactionControl) {
        int wanted = LeadingWords.PATH_NAME | LeadingWords.SETTING
                | (transactionControl ? LeadingWords.TRANSACTION_CONTROL : 0);
        return (leadingWords & wanted) != 0;
    }

    /** What the statement {@code sql[start, end)} does to the path, or {@code null}: nothing. */
    static SearchPathCommand of(CharSequence sql, int start, int end) {
        return SearchPathReader.read(sql, start, end);
    }

    /**
     * A {@code search_path} value given as one string ({@code set_config}, a startup parameter):
     * names split at commas outside double quotes, each folded as PostgreSQL folds identifiers.
     */
    static List<String> list(String value) {
        return SearchPathReader.list(value);
    }
}
