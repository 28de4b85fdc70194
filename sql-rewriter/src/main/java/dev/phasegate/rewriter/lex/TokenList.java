package dev.phasegate.rewriter.lex;

import java.util.Arrays;

/**
 * The tokens of a text with their offsets and, for every parenthesis or bracket, the index of the
 * one that matches it. Built once per planned statement; what the splicer uses to find list
 * separators and the true extent of a parenthesised expression.
 */
public final class TokenList {

    private final String text;
    private final TokenType[] types;
    private final int[] starts;
    private final int[] ends;
    private final int[] match;
    private final int size;

    private TokenList(String text, TokenType[] types, int[] starts, int[] ends, int[] match, int size) {
        this.text = text;
        this.types = types;
        this.starts = starts;
        this.ends = ends;
        this.match = match;
        this.size = size;
    }

    public static TokenList of(String text) {
        int capacity = Math.max(16, text.length() / 3);
        TokenType[] types = new TokenType[capacity];
        int[] starts = new int[capacity];
        int[] ends = new int[capacity];
        int n = 0;
        SqlLexer lexer = new SqlLexer(text);
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            if (n == types.length) {
                types = Arrays.copyOf(types, n * 2);
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            types[n] = t;
            starts[n] = lexer.start();
            ends[n] = lexer.end();
            n++;
        }
        int[] match = new int[n];
        Arrays.fill(match, -1);
        int[] stack = new int[n + 1];
        int depth = 0;
        for (int i = 0; i < n; i++) {
            TokenType t = types[i];
            if (t == TokenType.LEFT_PAREN || t == TokenType.LEFT_BRACKET) {
                stack[depth++] = i;
            } else if (t == TokenType.RIGHT_PAREN || t == TokenType.RIGHT_BRACKET) {
                if (depth > 0) {
                    int open = stack[--depth];
                    match[open] = i;
                    match[i] = open;
                }
            }
        }
        return new TokenList(text, types, starts, ends, match, n);
    }

    public String text() {
        return text;
    }

    public int size() {
        return size;
    }

    public TokenType type(int i) {
        return types[i];
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public String image(int i) {
        return text.substring(starts[i], ends[i]);
    }

    /** The index of the matching parenthesis or bracket, or -1. */
    public int match(int i) {
        return match[i];
    }

    /** The index of the first token starting at or after {@code offset}; {@code size()} if none. */
    public int firstAtOrAfter(int offset) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the last token ending at or before {@code offset}; -1 if none. */
    public int lastEndingAtOrBefore(int offset) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    public boolean is(int i, TokenType t) {
        return i >= 0 && i < size && types[i] == t;
    }

    /** Whether token {@code i} is the unquoted word {@code word} (compared case-insensitively). */
    public boolean isWord(int i, String word) {
        return is(i, TokenType.WORD) && text.regionMatches(true, starts[i], word, 0, word.length())
                && ends[i] - starts[i] == word.length();
    }
}
