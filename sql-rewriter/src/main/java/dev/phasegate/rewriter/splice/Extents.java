package dev.phasegate.rewriter.splice;

import dev.phasegate.rewriter.lex.TokenList;
import dev.phasegate.rewriter.lex.TokenType;

/**
 * Turns a parser span into the true extent of an expression in the text. Parser positions are not
 * consistent about parentheses (Calcite includes the opening one of {@code (a + b)} in some nodes
 * and not the closing one); the extent is the span widened until its parentheses balance.
 */
public final class Extents {

    private Extents() {
    }

    /** Token indexes {@code [first, last]} covered by the span, balanced; {@code null} if it holds no token. */
    public static int[] tokens(TokenList tokens, Span span) {
        int first = tokens.firstAtOrAfter(span.start());
        int last = tokens.lastEndingAtOrBefore(span.end());
        if (first > last || first >= tokens.size()) {
            return null;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = first; i <= last; i++) {
                int m = tokens.match(i);
                if (m < 0) {
                    continue;
                }
                if (m > last) {
                    last = m;
                    changed = true;
                } else if (m < first) {
                    first = m;
                    changed = true;
                }
            }
        }
        return new int[] {first, last};
    }

    /** The balanced extent of the span; the span itself if it covers no token. */
    public static Span balanced(TokenList tokens, Span span) {
        int[] t = tokens(tokens, span);
        return t == null ? span : new Span(tokens.start(t[0]), tokens.end(t[1]));
    }

    /**
     * The balanced extent widened over parentheses that wrap exactly this expression, staying
     * strictly inside tokens {@code (lowerBound, upperBound)} (pass -1 and {@code size()} for none).
     */
    public static int[] wrapped(TokenList tokens, Span span, int lowerBound, int upperBound) {
        int[] t = tokens(tokens, span);
        if (t == null) {
            return null;
        }
        int first = t[0];
        int last = t[1];
        while (first - 1 > lowerBound && last + 1 < upperBound
                && tokens.is(first - 1, TokenType.LEFT_PAREN) && tokens.match(first - 1) == last + 1
                && !isCallParen(tokens, first - 1)) {
            first--;
            last++;
        }
        return new int[] {first, last};
    }

    /** Whether the parenthesis at {@code i} opens a function call's or type's argument list. */
    static boolean isCallParen(TokenList tokens, int i) {
        if (i == 0) {
            return false;
        }
        TokenType before = tokens.type(i - 1);
        if (before == TokenType.QUOTED_IDENTIFIER) {
            return true;
        }
        if (before == TokenType.WORD) {
            // Key words after which a parenthesis only groups.
            String w = tokens.image(i - 1).toLowerCase(java.util.Locale.ROOT);
            return switch (w) {
                case "select", "where", "and", "or", "not", "on", "in", "exists", "any", "all", "some", "as",
                     "values", "then", "else", "when", "case", "set", "by", "from", "join", "having", "returning",
                     "using", "is", "like", "ilike", "between", "distinct", "with", "lateral", "union", "except",
                     "intersect", "limit", "offset", "into", "do", "update", "conflict", "row" -> false;
                default -> true;
            };
        }
        return false;
    }
}
