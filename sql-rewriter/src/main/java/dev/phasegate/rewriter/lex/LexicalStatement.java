package dev.phasegate.rewriter.lex;

import dev.phasegate.rewriter.StatementKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A statement of a query string found lexically (split at top-level semicolons) and classified by
 * its key words: what the policy needs when a statement cannot be parsed (is it a write?).
 *
 * @param start  offset of its first token
 * @param end    offset just after its last token (before the semicolon)
 * @param kind   what its key words say it is
 * @param write  whether it may write: INSERT, UPDATE, DELETE, MERGE, COPY … FROM, a data-modifying
 *               CTE; when in doubt, a write (the safe side: writes are refused by default)
 */
public record LexicalStatement(int start, int end, StatementKind kind, boolean write) {

    /** The statements of a query string; empty statements (only comments, stray semicolons) are left out. */
    public static List<LexicalStatement> split(String sql) {
        List<LexicalStatement> result = new ArrayList<>();
        SqlLexer lexer = new SqlLexer(sql);
        List<int[]> tokens = new ArrayList<>();
        List<TokenType> types = new ArrayList<>();
        for (TokenType t = lexer.next(); ; t = lexer.next()) {
            if (t == null || t == TokenType.SEMICOLON) {
                if (!tokens.isEmpty()) {
                    result.add(classify(sql, tokens, types));
                }
                tokens = new ArrayList<>();
                types = new ArrayList<>();
                if (t == null) {
                    break;
                }
                continue;
            }
            tokens.add(new int[] {lexer.start(), lexer.end()});
            types.add(t);
        }
        return result;
    }

    /** Classifies one statement's text. */
    public static LexicalStatement of(String sql, int start, int end) {
        List<int[]> tokens = new ArrayList<>();
        List<TokenType> types = new ArrayList<>();
        SqlLexer lexer = new SqlLexer(sql, start, end);
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            if (t != TokenType.SEMICOLON) {
                tokens.add(new int[] {lexer.start(), lexer.end()});
                types.add(t);
            }
        }
        if (tokens.isEmpty()) {
            return new LexicalStatement(start, end, StatementKind.EMPTY, false);
        }
        return classify(sql, tokens, types);
    }

    private static LexicalStatement classify(String sql, List<int[]> tokens, List<TokenType> types) {
        int start = tokens.get(0)[0];
        int end = tokens.get(tokens.size() - 1)[1];
        int i = 0;
        while (i < types.size() && types.get(i) == TokenType.LEFT_PAREN) {
            i++;
        }
        String first = i < types.size() && types.get(i) == TokenType.WORD ? word(sql, tokens.get(i)) : "";
        boolean writeWords = containsWriteWord(sql, tokens, types);
        StatementKind kind;
        boolean write;
        switch (first) {
            case "select", "values", "table" -> {
                kind = StatementKind.SELECT;
                write = writeWords;
            }
            case "with" -> {
                kind = mainKindAfterWith(sql, tokens, types);
                write = writeWords || kind != StatementKind.SELECT;
            }
            case "insert" -> {
                kind = StatementKind.INSERT;
                write = true;
            }
            case "update" -> {
                kind = StatementKind.UPDATE;
                write = true;
            }
            case "delete" -> {
                kind = StatementKind.DELETE;
                write = true;
            }
            case "merge" -> {
                kind = StatementKind.MERGE;
                write = true;
            }
            case "copy" -> {
                kind = StatementKind.COPY;
                write = copyFrom(sql, tokens, types);
            }
            case "create", "alter", "drop", "truncate", "comment", "grant", "revoke", "reindex", "vacuum",
                 "analyze", "analyse", "cluster", "refresh", "lock", "security", "import", "reassign" -> {
                // CREATE TABLE … AS / CREATE VIEW … AS / CREATE MATERIALIZED VIEW … AS hold a query:
                // not plain DDL, the query reads (and copies) managed columns.
                kind = first.equals("create") && holdsQuery(sql, tokens, types) ? StatementKind.OTHER : StatementKind.DDL;
                write = writeWords || first.equals("truncate");
            }
            case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "set", "reset",
                 "show", "discard", "listen", "notify", "unlisten", "checkpoint", "load", "deallocate",
                 "close", "fetch", "move" -> {
                kind = StatementKind.UTILITY;
                write = false;
            }
            default -> {
                kind = StatementKind.OTHER;
                write = writeWords;
            }
        }
        return new LexicalStatement(start, end, kind, write);
    }

    /** Whether a word AS is followed by a query (SELECT, WITH, VALUES, TABLE or a parenthesis). */
    private static boolean holdsQuery(String sql, List<int[]> tokens, List<TokenType> types) {
        for (int k = 0; k + 1 < tokens.size(); k++) {
            if (types.get(k) == TokenType.WORD && word(sql, tokens.get(k)).equals("as")) {
                if (types.get(k + 1) == TokenType.LEFT_PAREN) {
                    return true;
                }
                if (types.get(k + 1) == TokenType.WORD) {
                    switch (word(sql, tokens.get(k + 1))) {
                        case "select", "with", "values", "table" -> {
                            return true;
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        return false;
    }

    /** INSERT, DELETE, MERGE as words, or UPDATE not part of a locking clause (FOR [NO KEY] UPDATE). */
    private static boolean containsWriteWord(String sql, List<int[]> tokens, List<TokenType> types) {
        for (int k = 0; k < tokens.size(); k++) {
            if (types.get(k) != TokenType.WORD) {
                continue;
            }
            String w = word(sql, tokens.get(k));
            switch (w) {
                case "insert", "delete", "merge" -> {
                    if (!(k > 0 && types.get(k - 1) == TokenType.WORD
                            && word(sql, tokens.get(k - 1)).equals("on"))) { // ON DELETE (DDL)
                        return true;
                    }
                }
                case "update" -> {
                    String before = k > 0 && types.get(k - 1) == TokenType.WORD ? word(sql, tokens.get(k - 1)) : "";
                    if (!before.equals("for") && !before.equals("key") && !before.equals("on")) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }

    /** The kind of the statement a WITH clause belongs to: the first key word at depth 0 after the CTEs. */
    private static StatementKind mainKindAfterWith(String sql, List<int[]> tokens, List<TokenType> types) {
        int depth = 0;
        for (int k = 1; k < tokens.size(); k++) {
            TokenType t = types.get(k);
            if (t == TokenType.LEFT_PAREN) {
                depth++;
            } else if (t == TokenType.RIGHT_PAREN) {
                depth--;
            } else if (depth == 0 && t == TokenType.WORD) {
                switch (word(sql, tokens.get(k))) {
                    case "select", "values", "table" -> {
                        return StatementKind.SELECT;
                    }
                    case "insert" -> {
                        return StatementKind.INSERT;
                    }
                    case "update" -> {
                        return StatementKind.UPDATE;
                    }
                    case "delete" -> {
                        return StatementKind.DELETE;
                    }
                    case "merge" -> {
                        return StatementKind.MERGE;
                    }
                    default -> {
                    }
                }
            }
        }
        return StatementKind.SELECT;
    }

    /** COPY … FROM is a write; COPY … TO a read. The first depth-0 FROM or TO decides. */
    private static boolean copyFrom(String sql, List<int[]> tokens, List<TokenType> types) {
        int depth = 0;
        for (int k = 1; k < tokens.size(); k++) {
            TokenType t = types.get(k);
            if (t == TokenType.LEFT_PAREN) {
                depth++;
            } else if (t == TokenType.RIGHT_PAREN) {
                depth--;
            } else if (depth == 0 && t == TokenType.WORD) {
                String w = word(sql, tokens.get(k));
                if (w.equals("from")) {
                    return true;
                }
                if (w.equals("to")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String word(String sql, int[] token) {
        return sql.substring(token[0], token[1]).toLowerCase(Locale.ROOT);
    }
}
