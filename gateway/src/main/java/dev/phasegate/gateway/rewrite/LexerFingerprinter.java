package dev.phasegate.gateway.rewrite;

import dev.phasegate.admin.audit.StatementFingerprinter;
import dev.phasegate.rewriter.lex.SqlLexer;
import dev.phasegate.rewriter.lex.TokenType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Redacts and fingerprints statements with the rewriter's lexer, so the audit sees statements
 * exactly as the pre-filter and the planner tokenised them: every string constant (all quoting
 * forms, dollar quotes), number and unterminated literal becomes {@code ?}; comments go;
 * identifiers, key words, operators and {@code $n} parameters stay.
 *
 * <p>{@link #redact} keeps the layout (the whitespace between tokens; a comment becomes one
 * space). {@link #fingerprint} hashes the normalised shape: tokens separated by one space,
 * unquoted words lower-cased, so statements that differ only in literal values, comments,
 * whitespace or key-word case share a fingerprint (the first 16 hex digits of its SHA-256).
 */
public final class LexerFingerprinter implements StatementFingerprinter {

    @Override
    public String redact(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        SqlLexer lexer = new SqlLexer(sql);
        int previousEnd = 0;
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            appendGap(out, sql, previousEnd, lexer.start());
            appendToken(out, sql, t, lexer.start(), lexer.end(), false);
            previousEnd = lexer.end();
        }
        appendGap(out, sql, previousEnd, sql.length());
        return out.toString();
    }

    @Override
    public String fingerprint(String sql) {
        return hash(shape(sql));
    }

    /** The normalised text the fingerprint hashes. */
    static String shape(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            if (t == TokenType.SEMICOLON && isLastToken(sql, lexer.end())) {
                break; // a trailing semicolon does not change the statement
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            appendToken(out, sql, t, lexer.start(), lexer.end(), true);
        }
        return out.toString();
    }

    private static boolean isLastToken(String sql, int end) {
        SqlLexer rest = new SqlLexer(sql, end, sql.length());
        return rest.next() == null;
    }

    private static void appendToken(StringBuilder out, String sql, TokenType t, int start, int end, boolean fold) {
        switch (t) {
            case STRING, NUMBER, INVALID -> out.append('?');
            case WORD -> {
                if (fold) {
                    out.append(sql.substring(start, end).toLowerCase(Locale.ROOT));
                } else {
                    out.append(sql, start, end);
                }
            }
            default -> out.append(sql, start, end);
        }
    }

    /** The text between two tokens: whitespace kept, anything else (a comment) replaced by one space. */
    private static void appendGap(StringBuilder out, String sql, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(sql.charAt(i))) {
                out.append(' ');
                return;
            }
        }
        out.append(sql, from, to);
    }

    private static String hash(String shape) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
