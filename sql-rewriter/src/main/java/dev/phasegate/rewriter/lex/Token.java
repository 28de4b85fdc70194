package dev.phasegate.rewriter.lex;

import dev.phasegate.config.column.Identifiers;
import java.util.Locale;

/**
 * One token of {@link SqlLexer#tokenize}, for code that walks a statement's words rather than
 * splicing it (the DDL guard, the check of a backfill's {@code where}).
 *
 * @param type  what the token is
 * @param text  its spelling; for {@code U&"…"} the quoted part only
 * @param start offset of its first character in the input
 * @param end   offset just past its last character
 */
public record Token(TokenType type, String text, int start, int end) {

    /** True for an unquoted word equal (case-insensitively) to {@code keyword}. */
    public boolean is(String keyword) {
        return type == TokenType.WORD && text.equalsIgnoreCase(keyword);
    }

    /** True for punctuation or an operator spelled exactly {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return switch (type) {
            case WORD, QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER, INVALID -> false;
            default -> text.equals(symbol);
        };
    }

    public boolean isName() {
        return type == TokenType.WORD || type == TokenType.QUOTED_IDENTIFIER;
    }

    /** The name as PostgreSQL stores it: unquoted words lower-cased, quoted ones kept. */
    public String name() {
        return type == TokenType.WORD ? text.toLowerCase(Locale.ROOT) : Identifiers.fold(text);
    }
}
