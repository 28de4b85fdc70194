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

    /** Whether the text may name a managed table; {@code false} means it certainly does not. */
    public boolean mayName(CharSequence sql) {
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
            } else if (t == TokenType.INVALID) {
                // An unterminated literal or comment: PostgreSQL will refuse it, but do not guess.
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
