package dev.phasegate.rewriter.lex;

import java.util.Arrays;
import java.util.Set;

/**
 * A statement with its literals replaced by placeholders: {@code … WHERE id = 42 AND name = 'x'}
 * has the shape {@code … WHERE id = $1 AND name = $2} and the literals {@code 42} and {@code 'x'}.
 * Applications that inline their values (the simple query protocol, {@code Statement} in JDBC,
 * psycopg's client-side binding) send a new text for every row they touch; their statements share
 * a few shapes, so a plan computed once per shape can serve them all ({@code PlanCache}).
 *
 * <p>Everything but the replaced literals, comments and whitespace included, is kept as written.
 * Only plain string constants ({@code '…'}) and numbers are replaced. Kept as part of the shape:
 * the other string forms ({@code E'…'}, {@code U&'…'}, {@code B'…'}, {@code X'…'}, {@code N'…'},
 * dollar quotes), whose content the parser interprets, and typed literals such as
 * {@code interval '1 day'}, where a placeholder is not valid syntax. Statements that use
 * {@code $n} placeholders of their own or that the lexer rejects have no shape.
 *
 * <p>Where a literal may stand depends on its kind ({@code varchar(20)} parses,
 * {@code varchar('20')} does not), so the {@link #key() key} of a shape also records each
 * literal's kind: integer, other number or string.
 */
public final class LiteralShape {

    /** Type names whose {@code name 'text'} literal syntax does not accept a placeholder. */
    private static final Set<String> TYPED_LITERAL_WORDS = Set.of("interval", "date", "time", "timestamp",
            "timestamptz", "timetz");

    private final String original;
    private final String text;
    private final String kinds;
    private final int count;
    private final int[] literalStart;
    private final int[] literalEnd;
    /** Where {@code $k} starts in the shape, minus the space inserted before it (if any). */
    private final int[] regionStart;
    private final int[] placeholderStart;
    private final int[] placeholderEnd;
    /** Where the region ends: after the space inserted behind {@code $k} (if any). */
    private final int[] regionEnd;

    private LiteralShape(String original, String text, String kinds, int count, int[][] spans) {
        this.original = original;
        this.text = text;
        this.kinds = kinds;
        this.count = count;
        this.literalStart = spans[0];
        this.literalEnd = spans[1];
        this.regionStart = spans[2];
        this.placeholderStart = spans[3];
        this.placeholderEnd = spans[4];
        this.regionEnd = spans[5];
    }

    /**
     * The shape of {@code sql}, or {@code null} when it has no literal to replace, uses
     * placeholders of its own or does not lex.
     */
    public static LiteralShape of(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        StringBuilder shape = null;
        StringBuilder kinds = null;
        int[][] spans = null;
        int count = 0;
        int copied = 0;
        int previousStart = -1;
        int previousEnd = -1;
        TokenType previous = null;
        TokenType t;
        while ((t = lexer.next()) != null) {
            int start = lexer.start();
            int end = lexer.end();
            if (t == TokenType.PARAMETER || t == TokenType.INVALID) {
                return null;
            }
            if (replaceable(sql, t, start, previous, previousStart, previousEnd)) {
                if (shape == null) {
                    shape = new StringBuilder(sql.length() + 16);
                    kinds = new StringBuilder(8);
                    spans = newSpans(8);
                } else if (count == spans[0].length) {
                    for (int i = 0; i < spans.length; i++) {
                        spans[i] = Arrays.copyOf(spans[i], count * 2);
                    }
                }
                shape.append(sql, copied, start);
                kinds.append(kind(sql, t, start, end));
                spans[0][count] = start;
                spans[1][count] = end;
                spans[2][count] = shape.length();
                if (start > 0 && SqlLexer.isIdentifierPart(sql.charAt(start - 1))) {
                    shape.append(' '); // "SELECT'a'" must not become the identifier "SELECT$1"
                }
                spans[3][count] = shape.length();
                shape.append('$').append(count + 1);
                spans[4][count] = shape.length();
                if (end < sql.length() && SqlLexer.isIdentifierPart(sql.charAt(end))) {
                    shape.append(' ');
                }
                spans[5][count] = shape.length();
                count++;
                copied = end;
            }
            previous = t;
            previousStart = start;
            previousEnd = end;
        }
        if (count == 0) {
            return null;
        }
        shape.append(sql, copied, sql.length());
        return new LiteralShape(sql, shape.toString(), kinds.toString(), count, spans);
    }

    /**
     * Six span arrays, allocated one by one: C2 compiles {@code new int[6][8]} into a call to the
     * VM's multi-array allocator, which cost more than the rest of a short statement's lexing.
     */
    private static int[][] newSpans(int capacity) {
        int[][] spans = new int[6][];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = new int[capacity];
        }
        return spans;
    }

    /** {@code i} for an integer, {@code n} for another number, {@code s} for a string. */
    private static char kind(String sql, TokenType t, int start, int end) {
        if (t == TokenType.STRING) {
            return 's';
        }
        for (int i = start; i < end; i++) {
            if (!SqlLexer.isDigit(sql.charAt(i))) {
                return 'n';
            }
        }
        return 'i';
    }

    private static boolean replaceable(String sql, TokenType t, int start, TokenType previous, int previousStart,
                                       int previousEnd) {
        if (t == TokenType.NUMBER) {
            return true;
        }
        if (t != TokenType.STRING || sql.charAt(start) != '\'') {
            return false;
        }
        return previous != TokenType.WORD
                || !TYPED_LITERAL_WORDS.contains(sql.substring(previousStart, previousEnd).toLowerCase(java.util.Locale.ROOT));
    }

    /** The text the literals came from. */
    public String original() {
        return original;
    }

    /** The shape: the original with {@code $1 … $n} in place of its literals. */
    public String text() {
        return text;
    }

    /**
     * What statements of the same shape share: the shape's text and the kind of each literal
     * (statements whose literals differ in kind can parse differently).
     */
    public String key() {
        return text + '\u0000' + kinds;
    }

    /** How many literals were replaced. */
    public int literalCount() {
        return count;
    }

    /** The original spelling of the literal that {@code $number} stands for. */
    public String literal(int number) {
        requireLiteral(number);
        return original.substring(literalStart[number - 1], literalEnd[number - 1]);
    }

    private void requireLiteral(int number) {
        if (number < 1 || number > count) {
            throw new IllegalArgumentException("the shape has no $" + number + " (it has " + count + ")");
        }
    }

    /**
     * The offset in the original text that corresponds to {@code offset} in the shape (both
     * UTF-16 indexes); offsets inside a placeholder map to its literal's start.
     */
    public int toOriginal(int offset) {
        int shift = 0;
        for (int i = 0; i < count; i++) {
            if (offset < regionStart[i]) {
                break;
            }
            if (offset < placeholderEnd[i]) {
                return literalStart[i];
            }
            if (offset < regionEnd[i]) {
                return literalEnd[i];
            }
            shift = literalEnd[i] - regionEnd[i];
        }
        return offset + shift;
    }

    /**
     * Puts the literals back into a text derived from the shape (a rewrite of it): each
     * {@code $k} becomes the literal of the shape's placeholder it stands for. To fill many
     * statements of one shape, compile the derived text once with {@link FillTemplate}.
     *
     * @param numbering maps a placeholder number of {@code derived} to the shape's number (the
     *                  identity unless the rewrite renumbered placeholders)
     * @throws IllegalArgumentException when {@code derived} names a placeholder the shape lacks
     */
    public String fill(String derived, java.util.function.IntUnaryOperator numbering) {
        return FillTemplate.of(derived, numbering).fill(this);
    }

    /** Appends the original spelling of the literal that {@code $number} stands for. */
    void appendLiteral(StringBuilder out, int number) {
        requireLiteral(number);
        out.append(original, literalStart[number - 1], literalEnd[number - 1]);
    }

    @Override
    public String toString() {
        return text;
    }
}
