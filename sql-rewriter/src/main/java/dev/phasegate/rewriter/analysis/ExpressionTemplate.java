package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.Identifiers;
import dev.phasegate.rewriter.lex.TokenList;
import dev.phasegate.rewriter.lex.TokenType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A managed column's {@code up}, {@code down} or {@code default} expression with its column
 * references marked, so they can be replaced: by qualified names ({@code lower(u.email)}), by the
 * assigned value ({@code lower($1)}), or by a row's value in a VALUES list.
 *
 * <p>References are found lexically: a name (optionally qualified) that is a column of the table,
 * not a function name (followed by {@code (}), not a type name (after {@code ::}), not a field
 * ({@code (x).f}). That is precise for expressions over one row, which is what these are.
 */
public final class ExpressionTemplate {

    /** A column reference in the expression; {@code bare} when it is a whole argument or the whole expression. */
    record Slot(int start, int end, String column, boolean bare) {
    }

    private static final Set<String> TYPE_CONTINUATIONS = Set.of("precision", "varying", "with", "without",
            "time", "zone", "to", "second", "minute", "hour", "day", "month", "year");

    private final String text;
    private final List<Slot> slots;

    private ExpressionTemplate(String text, List<Slot> slots) {
        this.text = text;
        this.slots = List.copyOf(slots);
    }

    /**
     * @param isColumn whether a folded name is a column of the row the expression is over
     */
    public static ExpressionTemplate of(String expression, Predicate<String> isColumn) {
        TokenList t = TokenList.of(expression);
        List<Slot> slots = new ArrayList<>();
        int n = t.size();
        for (int i = 0; i < n; i++) {
            TokenType type = t.type(i);
            if ((type == TokenType.OPERATOR && t.image(i).equals("::"))
                    || (type == TokenType.WORD && t.image(i).equalsIgnoreCase("as"))) {
                // A type name follows (CAST(x AS type) is the only AS an expression can hold).
                i = skipType(t, i + 1) - 1;
                continue;
            }
            if (type != TokenType.WORD && type != TokenType.QUOTED_IDENTIFIER) {
                continue;
            }
            if (i > 0 && t.type(i - 1) == TokenType.DOT) {
                continue; // a field or the column part of a qualified name handled below
            }
            int last = i;
            while (last + 2 < n && t.type(last + 1) == TokenType.DOT
                    && (t.type(last + 2) == TokenType.WORD || t.type(last + 2) == TokenType.QUOTED_IDENTIFIER)) {
                last += 2;
            }
            if (last + 1 < n && t.type(last + 1) == TokenType.LEFT_PAREN) {
                i = last;
                continue; // a function name
            }
            if (type == TokenType.WORD && last + 1 < n && t.type(last + 1) == TokenType.STRING) {
                i = last;
                continue; // a typed constant: date '…'
            }
            String column = Identifiers.fold(t.image(last));
            if (t.type(last) == TokenType.WORD) {
                column = t.image(last).toLowerCase(Locale.ROOT);
            }
            if (isColumn.test(column)) {
                boolean bareBefore = i == 0 || t.type(i - 1) == TokenType.LEFT_PAREN || t.type(i - 1) == TokenType.COMMA;
                boolean bareAfter = last + 1 >= n || t.type(last + 1) == TokenType.RIGHT_PAREN
                        || t.type(last + 1) == TokenType.COMMA;
                slots.add(new Slot(t.start(i), t.end(last), column, bareBefore && bareAfter));
            }
            i = last;
        }
        return new ExpressionTemplate(expression, slots);
    }

    private static int skipType(TokenList t, int i) {
        int n = t.size();
        if (i < n && (t.type(i) == TokenType.WORD || t.type(i) == TokenType.QUOTED_IDENTIFIER)) {
            i++;
            while (i < n && (t.type(i) == TokenType.DOT
                    || (t.type(i) == TokenType.WORD && TYPE_CONTINUATIONS.contains(t.image(i).toLowerCase(Locale.ROOT)))
                    || (i > 0 && t.type(i - 1) == TokenType.DOT && t.type(i) != TokenType.DOT))) {
                i++;
            }
            while (i < n && (t.type(i) == TokenType.LEFT_PAREN || t.type(i) == TokenType.LEFT_BRACKET)
                    && t.match(i) > i) {
                i = t.match(i) + 1;
            }
        }
        return i;
    }

    public String text() {
        return text;
    }

    /** The columns the expression reads, in order of first mention. */
    public Set<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        for (Slot s : slots) {
            columns.add(s.column());
        }
        return columns;
    }

    /**
     * The expression with each column reference replaced by {@code replacement.apply(column)}
     * (kept as written when that returns null), parenthesised where precedence needs it.
     */
    public String render(Function<String, String> replacement) {
        if (slots.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        int cursor = 0;
        for (Slot s : slots) {
            String r = replacement.apply(s.column());
            if (r == null) {
                continue;
            }
            out.append(text, cursor, s.start());
            out.append(s.bare() ? r : SqlText.operand(r));
            cursor = s.end();
        }
        out.append(text, cursor, text.length());
        return out.toString();
    }

    @Override
    public String toString() {
        return text + " " + slots;
    }
}
