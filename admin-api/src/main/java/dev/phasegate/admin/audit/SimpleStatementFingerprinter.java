package dev.phasegate.admin.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A single-pass scanner over PostgreSQL's lexical rules that is enough to find literals: string
 * constants (with {@code E}, {@code B}, {@code X}, {@code U&} prefixes and doubled quotes),
 * dollar-quoted strings, numbers, quoted identifiers (kept), comments (dropped, nested block
 * comments included) and {@code $n} parameters (kept). It does not parse; an unterminated quote
 * redacts everything after it, which errs on the side of hiding data.
 */
final class SimpleStatementFingerprinter implements StatementFingerprinter {

    @Override
    public String redact(String sql) {
        return scan(sql, false);
    }

    @Override
    public String fingerprint(String sql) {
        String shape = scan(sql, true);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param shape also collapse whitespace and lower-case everything outside quoted identifiers
     */
    static String scan(String sql, boolean shape) {
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        boolean pendingSpace = false;
        while (i < n) {
            char c = sql.charAt(i);
            // Whitespace
            if (Character.isWhitespace(c)) {
                if (shape) {
                    pendingSpace = !out.isEmpty();
                } else {
                    out.append(c);
                }
                i++;
                continue;
            }
            // Comments are dropped (they may carry data); a space keeps tokens apart.
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                pendingSpace = shape ? !out.isEmpty() : appendSpace(out, sql, i);
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 1;
                i += 2;
                while (i < n && depth > 0) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
                pendingSpace = shape ? !out.isEmpty() : appendSpace(out, sql, i);
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            // String constants, with optional prefix letters directly before the quote.
            int prefixEnd = stringPrefixEnd(sql, i);
            if (prefixEnd >= 0) {
                boolean escapes = Character.toUpperCase(c) == 'E';
                i = skipQuoted(sql, prefixEnd, '\'', escapes);
                out.append('?');
                continue;
            }
            if (c == '"') {
                int end = skipQuoted(sql, i, '"', false);
                out.append(sql, i, end);
                i = end;
                continue;
            }
            if (c == '$') {
                // $1 parameters are kept; $tag$ ... $tag$ bodies are literals.
                if (i + 1 < n && Character.isDigit(sql.charAt(i + 1)) && !identifierBefore(sql, i)) {
                    int end = i + 1;
                    while (end < n && Character.isDigit(sql.charAt(end))) {
                        end++;
                    }
                    out.append(sql, i, end);
                    i = end;
                    continue;
                }
                int tagEnd = dollarTagEnd(sql, i);
                if (tagEnd > 0 && !identifierBefore(sql, i)) {
                    String tag = sql.substring(i, tagEnd);
                    int close = sql.indexOf(tag, tagEnd);
                    i = close < 0 ? n : close + tag.length();
                    out.append('?');
                    continue;
                }
            }
            // Numbers not glued to an identifier (t1, col_2 stay).
            if ((Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))))
                    && !identifierBefore(sql, i)) {
                i = skipNumber(sql, i);
                out.append('?');
                continue;
            }
            // Words and operators.
            if (isIdentifierChar(c)) {
                int end = i;
                while (end < n && isIdentifierChar(sql.charAt(end))) {
                    end++;
                }
                String word = sql.substring(i, end);
                out.append(shape ? word.toLowerCase(java.util.Locale.ROOT) : word);
                i = end;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Puts a space where a comment was, unless whitespace already separates the neighbours. */
    private static boolean appendSpace(StringBuilder out, String sql, int next) {
        boolean spaceAfter = next >= sql.length() || Character.isWhitespace(sql.charAt(next));
        if (!out.isEmpty() && !Character.isWhitespace(out.charAt(out.length() - 1)) && !spaceAfter) {
            out.append(' ');
        }
        return false;
    }

    /** Index of the opening quote if a string constant (with prefix) starts at {@code i}, else -1. */
    private static int stringPrefixEnd(String sql, int i) {
        if (identifierBefore(sql, i)) {
            return -1;
        }
        char c = sql.charAt(i);
        if (c == '\'') {
            return i;
        }
        char u = Character.toUpperCase(c);
        if ((u == 'E' || u == 'B' || u == 'X' || u == 'N') && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
            return i + 1;
        }
        if (u == 'U' && sql.startsWith("&'", i + 1)) {
            return i + 2;
        }
        return -1;
    }

    /** Returns the index after the closing quote (or the end of text). */
    private static int skipQuoted(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return n;
    }

    /** End (exclusive) of a {@code $tag$} opening at {@code i}, or -1. */
    private static int dollarTagEnd(String sql, int i) {
        int j = i + 1;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            if (c == '$') {
                return j + 1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_') || (j == i + 1 && Character.isDigit(c))) {
                return -1;
            }
            j++;
        }
        return -1;
    }

    private static int skipNumber(String sql, int i) {
        int n = sql.length();
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && Character.isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    private static boolean identifierBefore(String sql, int i) {
        return i > 0 && isIdentifierChar(sql.charAt(i - 1));
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
