package dev.phasegate.rewriter.lex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides, in one lexical pass and without parsing, whether a statement can name a managed
 * table: some identifier token in it (unquoted, quoted, or one part of a qualified name) equals a
 * managed table's name. Comments, string constants and dollar-quoted bodies are skipped, so a
 * table name inside them does not count.
 *
 * <p>False negatives are forbidden, false positives only cost a parse, so the match errs towards
 * "yes": names are compared ignoring case (PostgreSQL folds only unquoted names, and only ASCII in
 * multi-byte encodings), and a {@code U&"…"} identifier, which may spell anything with escapes,
 * always matches. Immutable and thread-safe; build one per phase snapshot.
 */
public final class PreFilter {

    private static final PreFilter NONE = new PreFilter(List.of());

    /** Managed names by length, lower-cased: {@code byLength[n]} holds the names of n chars. */
    private final char[][][] byLength;
    private final int maxLength;
    private final Set<String> names;

    private PreFilter(Collection<String> tableNames) {
        int max = 0;
        for (String name : tableNames) {
            max = Math.max(max, name.length());
        }
        List<List<char[]>> buckets = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            buckets.add(new ArrayList<>());
        }
        Set<String> folded = new LinkedHashSet<>();
        for (String name : tableNames) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (folded.add(lower)) {
                buckets.get(lower.length()).add(lower.toCharArray());
            }
        }
        this.byLength = new char[max + 1][][];
        for (int i = 0; i <= max; i++) {
            byLength[i] = buckets.get(i).toArray(new char[0][]);
        }
        this.maxLength = max;
        this.names = Set.copyOf(folded);
    }

    /** A filter for these bare table names (as PostgreSQL stores them). */
    public static PreFilter of(Collection<String> tableNames) {
        return tableNames.isEmpty() ? NONE : new PreFilter(tableNames);
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /**
     * Whether the text may name a managed table; {@code false} means it certainly does not. One
     * loop over the characters that skips what cannot be a table reference (literals, comments,
     * operators) and compares each identifier with the managed names of its length, without
     * allocating.
     */
    public boolean mayName(CharSequence sql) {
        if (maxLength == 0) {
            return false;
        }
        final int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                int start = i++;
                while (i < n && isIdentifierPart(sql.charAt(i))) {
                    i++;
                }
                if (i < n && i - start <= 2) {
                    char next = sql.charAt(i);
                    if (next == '\'' && i - start == 1 && (c == 'e' || c == 'E')) {
                        i = skipQuoted(sql, i, '\'', true);
                        if (i > n) {
                            return true;
                        }
                        continue;
                    }
                    if (i - start == 1 && (c == 'u' || c == 'U') && next == '&' && i + 1 < n) {
                        char q = sql.charAt(i + 1);
                        if (q == '"') {
                            return true; // U&"…": escapes can spell any name
                        }
                        if (q == '\'') {
                            i = skipQuoted(sql, i + 1, '\'', false);
                            if (i > n) {
                                return true;
                            }
                            continue;
                        }
                    }
                }
                if (i - start <= maxLength && matchesWord(sql, start, i)) {
                    return true;
                }
                continue;
            }
            switch (c) {
                case '\'' -> i = skipQuoted(sql, i, '\'', false);
                case '"' -> {
                    int end = skipQuoted(sql, i, '"', false);
                    if (end > n || matchesQuoted(sql, i, Math.min(end, n))) {
                        return true;
                    }
                    i = end;
                }
                case '-' -> i = i + 1 < n && sql.charAt(i + 1) == '-' ? SqlLexer.lineCommentEnd(sql, i, n) : i + 1;
                case '/' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '*') {
                        int after = SqlLexer.blockCommentEnd(sql, i, n);
                        i = after < 0 ? n + 1 : after;
                    } else {
                        i++;
                    }
                }
                case '$' -> i = skipDollar(sql, i);
                default -> i++;
            }
            if (i > n) {
                return true; // an unterminated literal or comment: do not guess
            }
        }
        return false;
    }

    /** The index after the closing quote; {@code length + 1} when unterminated. */
    private static int skipQuoted(CharSequence sql, int open, char quote, boolean backslash) {
        int n = sql.length();
        int i = open + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslash && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n + 1;
    }

    /** Skips $n, or a dollar-quoted string; a lone '$' is one character. */
    private static int skipDollar(CharSequence sql, int at) {
        int n = sql.length();
        int i = at + 1;
        if (i < n && sql.charAt(i) >= '0' && sql.charAt(i) <= '9') {
            while (i < n && sql.charAt(i) >= '0' && sql.charAt(i) <= '9') {
                i++;
            }
            return i;
        }
        if (i < n) {
            char c = sql.charAt(i);
            if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                while (i < n && isTagPart(sql.charAt(i))) {
                    i++;
                }
            }
        }
        if (i < n && sql.charAt(i) == '$') {
            int tagLength = i + 1 - at;
            for (int close = i + 1; close + tagLength <= n; close++) {
                if (sql.charAt(close) == '$' && regionEquals(sql, close, at, tagLength)) {
                    return close + tagLength;
                }
            }
            return n + 1;
        }
        return at + 1;
    }

    private static boolean regionEquals(CharSequence sql, int from, int other, int length) {
        for (int k = 0; k < length; k++) {
            if (sql.charAt(from + k) != sql.charAt(other + k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifierPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c >= 0x80;
    }

    private static boolean isTagPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
    }

    /** Reference implementation over the general lexer (slower); the two must agree. */
    boolean mayNameByLexer(CharSequence sql) {
        if (maxLength == 0) {
            return false;
        }
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            if (t == TokenType.WORD) {
                if (matchesWord(sql, lexer.start(), lexer.end())) {
                    return true;
                }
            } else if (t == TokenType.QUOTED_IDENTIFIER) {
                if (matchesQuoted(sql, lexer.start(), lexer.end())) {
                    return true;
                }
            } else if (t == TokenType.INVALID && lexer.end() == sql.length()
                    && (lexer.end() - lexer.start() > 1 || "'\"".indexOf(sql.charAt(lexer.start())) >= 0)) {
                // An unterminated literal: PostgreSQL will refuse it, but do not guess.
                return true;
            }
        }
        return false;
    }

    /** The managed names (lower-cased) the text mentions as identifiers, in order of first mention. */
    public Set<String> namesIn(CharSequence sql) {
        Set<String> found = new LinkedHashSet<>();
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            if (t == TokenType.WORD || t == TokenType.QUOTED_IDENTIFIER) {
                String folded = foldLoosely(sql, lexer.start(), lexer.end(), t);
                if (names.contains(folded)) {
                    found.add(folded);
                }
            }
        }
        return found;
    }

    /**
     * The identifiers in the text folded exactly as PostgreSQL folds them (unquoted: ASCII lower
     * case; quoted: as written), in order of first mention: which managed tables a statement that
     * cannot be parsed names, for attributing it to their columns.
     */
    public static Set<String> identifiersIn(CharSequence sql) {
        Set<String> found = new LinkedHashSet<>();
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            String image = sql.subSequence(lexer.start(), lexer.end()).toString();
            if (t == TokenType.WORD) {
                StringBuilder sb = new StringBuilder(image.length());
                for (int i = 0; i < image.length(); i++) {
                    char c = image.charAt(i);
                    sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
                }
                found.add(sb.toString());
            } else if (t == TokenType.QUOTED_IDENTIFIER && image.startsWith("\"")) {
                found.add(image.substring(1, image.length() - 1).replace("\"\"", "\""));
            }
        }
        return found;
    }

    private boolean matchesWord(CharSequence sql, int start, int end) {
        int n = end - start;
        if (n > maxLength) {
            return false;
        }
        for (char[] candidate : byLength[n]) {
            if (equalsIgnoreCase(sql, start, candidate)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesQuoted(CharSequence sql, int start, int end) {
        if (sql.charAt(start) != '"') {
            return true; // U&"…": escapes can spell any name
        }
        int innerStart = start + 1;
        int innerEnd = end - 1;
        for (int i = innerStart; i < innerEnd; i++) {
            if (sql.charAt(i) == '"') {
                // Contains "" escapes: compare the unescaped name (rare, so allocation is fine).
                String unescaped = sql.subSequence(innerStart, innerEnd).toString().replace("\"\"", "\"");
                return names.contains(unescaped.toLowerCase(Locale.ROOT));
            }
        }
        return matchesWord(sql, innerStart, innerEnd);
    }

    private static boolean equalsIgnoreCase(CharSequence sql, int start, char[] lower) {
        for (int i = 0; i < lower.length; i++) {
            char c = sql.charAt(start + i);
            if (c != lower[i]) {
                if (c >= 'A' && c <= 'Z') {
                    if (c + 32 != lower[i]) {
                        return false;
                    }
                } else if (c < 0x80 || Character.toLowerCase(c) != lower[i]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String foldLoosely(CharSequence sql, int start, int end, TokenType t) {
        String image = sql.subSequence(start, end).toString();
        if (t == TokenType.QUOTED_IDENTIFIER && image.startsWith("\"")) {
            image = image.substring(1, image.length() - 1).replace("\"\"", "\"");
        }
        return image.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "PreFilter" + names;
    }
}
