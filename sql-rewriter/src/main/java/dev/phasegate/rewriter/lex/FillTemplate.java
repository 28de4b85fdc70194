package dev.phasegate.rewriter.lex;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * A text derived from a {@link LiteralShape} (a rewrite of the shape), split once at its
 * placeholders so that every statement of the shape can be filled in without lexing the derived
 * text again: the pieces between placeholders, and for each placeholder the number of the shape's
 * literal it stands for. Immutable, so one template serves every thread.
 */
public final class FillTemplate {

    private final String[] pieces;
    private final int[] literalNumbers;
    private final int length;

    private FillTemplate(String[] pieces, int[] literalNumbers) {
        this.pieces = pieces;
        this.literalNumbers = literalNumbers;
        int total = 0;
        for (String piece : pieces) {
            total += piece.length();
        }
        this.length = total;
    }

    /**
     * Splits {@code derived} at its {@code $n} placeholders (as the lexer sees them: not inside
     * strings, quoted names or comments).
     *
     * @param numbering maps a placeholder number of {@code derived} to the shape's number (the
     *                  identity unless the rewrite renumbered placeholders)
     * @throws IllegalArgumentException when a placeholder number is out of range
     */
    public static FillTemplate of(String derived, IntUnaryOperator numbering) {
        SqlLexer lexer = new SqlLexer(derived);
        String[] pieces = new String[4];
        int[] numbers = new int[4];
        int count = 0;
        int copied = 0;
        TokenType t;
        while ((t = lexer.next()) != null) {
            if (t == TokenType.PARAMETER) {
                if (count + 1 == pieces.length) {
                    pieces = Arrays.copyOf(pieces, pieces.length * 2);
                    numbers = Arrays.copyOf(numbers, numbers.length * 2);
                }
                pieces[count] = derived.substring(copied, lexer.start());
                numbers[count] = numbering.applyAsInt(parameterNumber(derived, lexer.start(), lexer.end()));
                count++;
                copied = lexer.end();
            }
        }
        pieces[count] = derived.substring(copied);
        return new FillTemplate(Arrays.copyOf(pieces, count + 1), Arrays.copyOf(numbers, count));
    }

    /**
     * The derived text with each placeholder replaced by the literal of {@code shape} it stands for.
     *
     * @throws IllegalArgumentException when the template names a literal the shape lacks
     */
    public String fill(LiteralShape shape) {
        StringBuilder out = new StringBuilder(length + shape.original().length() - shape.text().length() + 16);
        for (int i = 0; i < literalNumbers.length; i++) {
            out.append(pieces[i]);
            shape.appendLiteral(out, literalNumbers[i]);
        }
        return out.append(pieces[literalNumbers.length]).toString();
    }

    private static int parameterNumber(String text, int start, int end) {
        if (end - start > 10) {
            throw new IllegalArgumentException("placeholder " + text.substring(start, end) + " is out of range");
        }
        return Integer.parseInt(text, start + 1, end, 10);
    }
}
