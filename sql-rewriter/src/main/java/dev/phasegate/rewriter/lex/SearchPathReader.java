package dev.phasegate.rewriter.lex;

import dev.phasegate.config.column.Identifiers;
import dev.phasegate.rewriter.lex.SearchPathCommand.End;
import dev.phasegate.rewriter.lex.SearchPathCommand.Release;
import dev.phasegate.rewriter.lex.SearchPathCommand.ResetAll;
import dev.phasegate.rewriter.lex.SearchPathCommand.Role;
import dev.phasegate.rewriter.lex.SearchPathCommand.RollbackTo;
import dev.phasegate.rewriter.lex.SearchPathCommand.Savepoint;
import dev.phasegate.rewriter.lex.SearchPathCommand.Set;
import dev.phasegate.rewriter.lex.SearchPathCommand.Unreadable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a {@link SearchPathCommand} from a statement's tokens. */
final class SearchPathReader {

    private final CharSequence sql;
    private final int start;
    private final int end;
    private final SqlLexer lexer;

    private SearchPathReader(CharSequence sql, int start, int end) {
        this.sql = sql;
        this.start = start;
        this.end = end;
        this.lexer = new SqlLexer(sql, start, end);
    }

    static SearchPathCommand read(CharSequence sql, int start, int end) {
        return new SearchPathReader(sql, start, end).statement();
    }

    static List<String> list(String value) {
        List<String> schemas = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i < value.length() && value.charAt(i) == '"') {
                quoted = !quoted; // a doubled quote inside a name toggles twice
            } else if (i == value.length() || value.charAt(i) == ',' && !quoted) {
                String written = value.substring(from, i).trim();
                if (!written.isEmpty()) {
                    schemas.add(Identifiers.fold(written));
                }
                from = i + 1;
            }
        }
        return List.copyOf(schemas);
    }

    private SearchPathCommand statement() {
        if (lexer.next() != TokenType.WORD) {
            return null;
        }
        if (is("set")) {
            return set();
        }
        if (is("reset")) {
            return reset();
        }
        if (is("discard")) {
            return lexer.next() == TokenType.WORD && is("all") ? new ResetAll() : null;
        }
        if (is("savepoint")) {
            return nextName() ? new Savepoint(name()) : null;
        }
        if (is("release")) {
            String name = savepointName();
            return name == null ? null : new Release(name);
        }
        if (is("rollback") || is("abort")) {
            return end(true);
        }
        if (is("commit") || is("end")) {
            return end(false);
        }
        if (is("do")) {
            return mentionedInCode();
        }
        if (is("update") && updatesSettings()) {
            return new Unreadable(text());
        }
        return setConfig();
    }

    /**
     * {@code DO} whose code mentions {@code search_path}: it may change the path in a way only
     * running it tells.
     */
    private SearchPathCommand mentionedInCode() {
        return restNamesPathInString(lexer) ? new Unreadable(text()) : null;
    }

    /**
     * {@code UPDATE [ONLY] [pg_catalog.]pg_settings … 'search_path' …}: an update of the settings
     * view, which sets the session's value. Leaves the lexer where it was when it is not one.
     */
    private boolean updatesSettings() {
        SqlLexer probe = new SqlLexer(sql, lexer.end(), end);
        TokenType t = probe.next();
        if (t == TokenType.WORD && probe.isWord("only")) {
            t = probe.next();
        }
        if (t == TokenType.WORD && probe.isWord("pg_catalog")) {
            t = probe.next() == TokenType.DOT ? probe.next() : null;
        }
        return t == TokenType.WORD && probe.isWord("pg_settings") && restNamesPathInString(probe);
    }

    /** Whether a string token after {@code tokens}' current one contains {@code search_path}, in any case. */
    private boolean restNamesPathInString(SqlLexer tokens) {
        for (TokenType t = tokens.next(); t != null; t = tokens.next()) {
            if (t == TokenType.STRING && sql.subSequence(tokens.start(), tokens.end()).toString()
                    .toLowerCase(Locale.ROOT).contains("search_path")) {
                return true;
            }
        }
        return false;
    }

    private SearchPathCommand set() {
        if (!nextName()) {
            return null;
        }
        boolean local = false;
        if (is("session") || is("local")) {
            local = is("local");
            if (!nextName()) {
                return null;
            }
        }
        if (is("role")) {
            return role(local, "none");
        }
        if (is("session") || is("authorization")) {
            // SET [SESSION | LOCAL] SESSION AUTHORIZATION: the first SESSION may have been read as the scope.
            if (is("session") && !(nextName() && is("authorization"))) {
                return null;
            }
            return role(local, "default");
        }
        if (is("schema")) {
            // SET SCHEMA 'name': one schema, always a string constant.
            String value = lexer.next() == TokenType.STRING ? plainString() : null;
            if (value == null) {
                return lexer.type() == TokenType.STRING ? new Unreadable(text()) : null;
            }
            return atEnd() ? new Set(local, List.of(value)) : null;
        }
        if (!isName("search_path")) {
            return null;
        }
        TokenType t = lexer.next();
        if (!(t == TokenType.WORD && is("to") || t == TokenType.OPERATOR && isEquals())) {
            return null; // not valid SQL: the server refuses it
        }
        List<String> schemas = new ArrayList<>();
        while (true) {
            t = lexer.next();
            if (t == TokenType.WORD && is("default")) {
                return schemas.isEmpty() && atEnd() ? new Set(local, null) : null;
            }
            String schema = switch (t == null ? TokenType.INVALID : t) {
                // Each element is one name whatever it holds: PostgreSQL quotes it as an identifier.
                case WORD, QUOTED_IDENTIFIER, NUMBER -> Identifiers.fold(token());
                case STRING -> plainString();
                default -> null;
            };
            if (schema == null) {
                return t == TokenType.STRING ? new Unreadable(text()) : null;
            }
            schemas.add(schema);
            TokenType after = lexer.next();
            if (after == null) {
                return new Set(local, schemas);
            }
            if (after != TokenType.COMMA) {
                return null;
            }
        }
    }

    private SearchPathCommand reset() {
        if (!nextName()) {
            return null;
        }
        if (is("all")) {
            return atEnd() ? new ResetAll() : null;
        }
        if (isName("search_path")) {
            return atEnd() ? new Set(false, null) : null;
        }
        if (is("role")) {
            return atEnd() ? new Role(false, null) : null;
        }
        if (is("session")) {
            return nextName() && is("authorization") && atEnd() ? new Role(false, null) : null;
        }
        return null;
    }

    /**
     * After {@code SET [SESSION | LOCAL] ROLE} or {@code … SESSION AUTHORIZATION}: a name, a string,
     * or the word ({@code none}, {@code default}) that means the session's own.
     */
    private SearchPathCommand role(boolean local, String own) {
        TokenType t = lexer.next();
        String role;
        if (t == TokenType.WORD && is(own)) {
            role = null;
        } else if (t == TokenType.WORD || t == TokenType.QUOTED_IDENTIFIER) {
            role = name();
        } else if (t == TokenType.STRING && plainString() != null) {
            role = plainString();
        } else {
            return null;
        }
        return atEnd() ? new Role(local, role) : null;
    }

    private SearchPathCommand end(boolean rollback) {
        TokenType t = lexer.next();
        if (t == TokenType.WORD && (is("work") || is("transaction"))) {
            t = lexer.next();
        }
        if (t == null) {
            return new End(rollback, false);
        }
        if (rollback && t == TokenType.WORD && is("to")) {
            String name = savepointName();
            return name == null ? null : new RollbackTo(name);
        }
        if (t == TokenType.WORD && is("and")) {
            boolean no = lexer.next() == TokenType.WORD && is("no");
            return new End(rollback, !no);
        }
        // COMMIT PREPARED, ROLLBACK PREPARED: another transaction's end, not this session's.
        return null;
    }

    /** {@code [SAVEPOINT] name} after RELEASE or ROLLBACK TO; a lone {@code SAVEPOINT} is the name itself. */
    private String savepointName() {
        if (!nextName()) {
            return null;
        }
        if (is("savepoint")) {
            TokenType t = lexer.next();
            if (t == null) {
                return "savepoint";
            }
            if (t != TokenType.WORD && t != TokenType.QUOTED_IDENTIFIER) {
                return null;
            }
        }
        return name();
    }

    /** {@code set_config('search_path', value, is_local)} (or {@code pg_catalog.set_config}) anywhere in the statement. */
    private SearchPathCommand setConfig() {
        SearchPathCommand found = null;
        for (TokenType t = lexer.type(); t != null; t = lexer.next()) {
            if (t != TokenType.WORD || !is("set_config") || lexer.next() != TokenType.LEFT_PAREN) {
                continue;
            }
            String name = lexer.next() == TokenType.STRING ? plainString() : null;
            if (name != null && !name.trim().toLowerCase(Locale.ROOT).equals("search_path")) {
                continue; // another setting
            }
            String value = name != null && lexer.next() == TokenType.COMMA && lexer.next() == TokenType.STRING
                    ? plainString() : null;
            Boolean local = value != null && lexer.next() == TokenType.COMMA ? nextBoolean() : null;
            found = local != null && lexer.next() == TokenType.RIGHT_PAREN ? new Set(local, list(value))
                    : new Unreadable(text());
            if (lexer.type() == null) {
                break;
            }
        }
        return found;
    }

    // ---- tokens ---------------------------------------------------------------------------------

    private boolean nextName() {
        TokenType t = lexer.next();
        return t == TokenType.WORD || t == TokenType.QUOTED_IDENTIFIER;
    }

    private boolean is(String lowerCase) {
        return lexer.isWord(lowerCase);
    }

    /** The current token names {@code lowerCase}, written plain or quoted. */
    private boolean isName(String lowerCase) {
        return (lexer.type() == TokenType.WORD || lexer.type() == TokenType.QUOTED_IDENTIFIER)
                && name().equals(lowerCase);
    }

    private boolean isEquals() {
        return lexer.end() - lexer.start() == 1 && sql.charAt(lexer.start()) == '=';
    }

    private boolean atEnd() {
        return lexer.next() == null;
    }

    private String token() {
        return sql.subSequence(lexer.start(), lexer.end()).toString();
    }

    /** The current name token, folded. */
    private String name() {
        return Identifiers.fold(token());
    }

    private String text() {
        return sql.subSequence(start, end).toString().trim();
    }

    /**
     * The current string token's value when it is a plain {@code '…'} constant; {@code null} for the
     * forms whose escapes this does not read ({@code E'…'}, {@code U&'…'}, dollar quotes).
     */
    private String plainString() {
        String token = token();
        if (token.length() < 2 || token.charAt(0) != '\'' || token.charAt(token.length() - 1) != '\'') {
            return null;
        }
        return token.substring(1, token.length() - 1).replace("''", "'");
    }

    /** The next token as a boolean constant ({@code true}, {@code 'off'}, …), or {@code null}. */
    private Boolean nextBoolean() {
        TokenType t = lexer.next();
        String value = t == TokenType.WORD ? token() : t == TokenType.STRING ? plainString() : null;
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "off", "0" -> Boolean.FALSE;
            default -> null;
        };
    }
}
