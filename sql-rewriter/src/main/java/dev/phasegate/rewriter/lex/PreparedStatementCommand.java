package dev.phasegate.rewriter.lex;

import dev.phasegate.config.column.Identifiers;
import java.util.Objects;

/**
 * A statement that creates, runs or drops an SQL-level prepared statement: {@code PREPARE name …},
 * {@code EXECUTE name …}, {@code DEALLOCATE [PREPARE] name}, {@code DEALLOCATE [PREPARE] ALL} or
 * {@code DISCARD ALL} (which deallocates them all). Read from the statement's first words only, so
 * the gateway can follow a session's prepared statements without parsing what they run.
 *
 * @param kind what the statement does
 * @param name the prepared statement's name as PostgreSQL folds it; {@code null} for {@link Kind#DEALLOCATE_ALL}
 */
public record PreparedStatementCommand(Kind kind, String name) {

    public enum Kind {
        PREPARE,
        EXECUTE,
        DEALLOCATE,
        /** {@code DEALLOCATE ALL} or {@code DISCARD ALL}. */
        DEALLOCATE_ALL
    }

    public PreparedStatementCommand {
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.DEALLOCATE_ALL) {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The command the statement {@code sql[start, end)} is, or {@code null} when it is none of them. */
    public static PreparedStatementCommand of(CharSequence sql, int start, int end) {
        SqlLexer lexer = new SqlLexer(sql, start, end);
        if (lexer.next() != TokenType.WORD) {
            return null;
        }
        Kind kind;
        if (lexer.isWord("prepare")) {
            kind = Kind.PREPARE;
        } else if (lexer.isWord("execute")) {
            kind = Kind.EXECUTE;
        } else if (lexer.isWord("deallocate")) {
            kind = Kind.DEALLOCATE;
        } else if (lexer.isWord("discard")) {
            return lexer.next() == TokenType.WORD && lexer.isWord("all")
                    ? new PreparedStatementCommand(Kind.DEALLOCATE_ALL, null) : null;
        } else {
            return null;
        }
        TokenType t = lexer.next();
        if (kind == Kind.DEALLOCATE && t == TokenType.WORD && lexer.isWord("prepare")) {
            TokenType after = lexer.next();
            if (after == null) {
                // DEALLOCATE prepare: a statement named "prepare".
                return new PreparedStatementCommand(Kind.DEALLOCATE, "prepare");
            }
            t = after;
        }
        if (kind == Kind.DEALLOCATE && t == TokenType.WORD && lexer.isWord("all")) {
            return new PreparedStatementCommand(Kind.DEALLOCATE_ALL, null);
        }
        if (t != TokenType.WORD && t != TokenType.QUOTED_IDENTIFIER) {
            return null;
        }
        String name = Identifiers.fold(sql.subSequence(lexer.start(), lexer.end()).toString());
        return new PreparedStatementCommand(kind, name);
    }

    /**
     * Whether some statement of {@code sql} may be one of these commands: false for certain, true
     * may be wrong (then {@link #of} says no). Cheap enough to ask of every query of a session that
     * holds prepared statements.
     */
    public static boolean mayAppearIn(CharSequence sql) {
        int n = sql.length();
        for (int i = 0; i + 7 <= n; i++) {
            char c = (char) (sql.charAt(i) | 0x20); // ASCII lower case; other characters never match
            if ((c == 'p' && SqlLexer.regionMatches(sql, i, "prepare")) || (c == 'e' && SqlLexer.regionMatches(sql, i, "execute"))
                    || (c == 'd' && (SqlLexer.regionMatches(sql, i, "deallocate") || SqlLexer.regionMatches(sql, i, "discard")))) {
                return true;
            }
        }
        return false;
    }
}
