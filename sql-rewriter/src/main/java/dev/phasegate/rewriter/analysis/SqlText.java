package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.Identifiers;
import dev.phasegate.rewriter.lex.TokenList;
import dev.phasegate.rewriter.lex.TokenType;

/** Small facts about SQL text the planner writes. */
final class SqlText {

    private SqlText() {
    }

    /** A name as SQL: quoted only where PostgreSQL needs it. */
    static String name(String folded) {
        return Identifiers.quoteIfNeeded(folded);
    }

    /** {@code qualifier.column}; the qualifier is text as written in the statement (already SQL). */
    static String qualified(String qualifierSql, String column) {
        return qualifierSql == null ? name(column) : qualifierSql + "." + name(column);
    }

    /** Wraps in parentheses unless the expression binds as one operand wherever it goes. */
    static String operand(String expression) {
        return isAtomic(expression) ? expression : "(" + expression + ")";
    }

    /**
     * Whether the text is one operand: a name (possibly qualified), a constant, a parameter, a
     * call {@code f(…)}, a parenthesised expression, optionally followed by {@code ::type} casts.
     */
    static boolean isAtomic(String expression) {
        TokenList t = TokenList.of(expression);
        int n = t.size();
        if (n == 0) {
            return false;
        }
        int i = 0;
        TokenType first = t.type(0);
        if (first == TokenType.LEFT_PAREN) {
            i = t.match(0) + 1;
            if (i == 0) {
                return false;
            }
        } else if (first == TokenType.WORD || first == TokenType.QUOTED_IDENTIFIER) {
            if (isOperatorWord(t.image(0)) ) {
                return false;
            }
            i = 1;
            while (i + 1 < n && t.type(i) == TokenType.DOT
                    && (t.type(i + 1) == TokenType.WORD || t.type(i + 1) == TokenType.QUOTED_IDENTIFIER)) {
                i += 2;
            }
            if (i < n && t.type(i) == TokenType.LEFT_PAREN) {
                int close = t.match(i);
                if (close < 0) {
                    return false;
                }
                i = close + 1;
            } else if (i < n && t.type(i) == TokenType.STRING) {
                i++; // typed constant: date '2020-01-01'
            }
        } else if (first == TokenType.STRING || first == TokenType.NUMBER || first == TokenType.PARAMETER) {
            i = 1;
        } else {
            return false;
        }
        // ::type casts, type names possibly of several words and with (n) modifiers or [].
        while (i < n && t.type(i) == TokenType.OPERATOR && t.image(i).equals("::")) {
            i++;
            if (i >= n || (t.type(i) != TokenType.WORD && t.type(i) != TokenType.QUOTED_IDENTIFIER)) {
                return false;
            }
            while (i < n && (t.type(i) == TokenType.WORD || t.type(i) == TokenType.QUOTED_IDENTIFIER
                    || t.type(i) == TokenType.DOT)) {
                i++;
            }
            while (i < n && (t.type(i) == TokenType.LEFT_PAREN || t.type(i) == TokenType.LEFT_BRACKET)) {
                int close = t.match(i);
                if (close < 0) {
                    return false;
                }
                i = close + 1;
            }
        }
        return i == n;
    }

    private static boolean isOperatorWord(String word) {
        return switch (word.toLowerCase(java.util.Locale.ROOT)) {
            case "not", "case", "exists", "array", "row", "interval", "distinct" -> true;
            default -> false;
        };
    }
}
