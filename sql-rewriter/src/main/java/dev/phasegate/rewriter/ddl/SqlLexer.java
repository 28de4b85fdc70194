package dev.phasegate.rewriter.ddl;

import dev.phasegate.config.column.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small PostgreSQL tokenizer: enough to find keywords reliably, never inside what is not code.
 * Comments ({@code --} and nested block comments) are dropped; string constants (plain,
 * {@code E''} with backslash escapes, {@code U&''}, {@code B''}, {@code X''}, {@code N''}) and
 * dollar-quoted bodies become one {@link Kind#STRING} token each; quoted identifiers one
 * {@link Kind#QUOTED_IDENTIFIER}. Unterminated strings, identifiers and comments run to the end
 * of the text rather than failing: a lexical check must not crash on what the server will reject.
 *
 * <p>Assumes {@code standard_conforming_strings = on} (PostgreSQL's default since 9.1): in a
 * plain {@code '…'} a backslash is an ordinary character.
 */
public final class SqlLexer {

    /** What a token is. */
    public enum Kind {
        /** A keyword or an unquoted identifier. */
        WORD,
        /** {@code "Name"}: case kept, never a keyword. */
        QUOTED_IDENTIFIER,
        /** A string constant or a dollar-quoted body. */
        STRING,
        NUMBER,
        /** {@code $1}. */
        PARAMETER,
        /** {@code ( ) [ ] , ; .} */
        PUNCTUATION,
        /** Operators, including {@code ::} and {@code *}. */
        OPERATOR
    }

    /**
     * One token.
     *
     * @param start offset of the first character in the input
     * @param end   offset just past the last character
     */
    public record Token(Kind kind, String text, int start, int end) {

        /** True for an unquoted word equal (case-insensitively) to {@code keyword}. */
        public boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        /** True for punctuation or an operator spelled exactly {@code symbol}. */
        public boolean isSymbol(String symbol) {
            return (kind == Kind.PUNCTUATION || kind == Kind.OPERATOR) && text.equals(symbol);
        }

        public boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
        }

        /** The name as PostgreSQL stores it: unquoted words lower-cased, quoted ones kept. */
        public String name() {
            return kind == Kind.WORD ? text.toLowerCase(Locale.ROOT) : Identifiers.fold(text);
        }
    }

    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?:";

    private final String sql;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    /** The tokens of {@code sql}, comments and whitespace dropped. */
    public static List<Token> tokenize(String sql) {
        return new SqlLexer(sql).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '\'') {
                tokens.add(string(pos, pos, false));
            } else if ((c == 'E' || c == 'e') && peek(1) == '\'') {
                tokens.add(string(pos, pos + 1, true));
            } else if ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n') && peek(1) == '\'') {
                tokens.add(string(pos, pos + 1, false));
            } else if ((c == 'U' || c == 'u') && peek(1) == '&' && peek(2) == '\'') {
                tokens.add(string(pos, pos + 2, false));
            } else if ((c == 'U' || c == 'u') && peek(1) == '&' && peek(2) == '"') {
                tokens.add(quotedIdentifier(pos, pos + 2));
            } else if (c == '"') {
                tokens.add(quotedIdentifier(pos, pos));
            } else if (c == '$') {
                tokens.add(dollar());
            } else if (isIdentifierStart(c)) {
                tokens.add(word());
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                tokens.add(number());
            } else if ("()[],;.".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.PUNCTUATION, String.valueOf(c), pos, pos + 1));
                pos++;
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                tokens.add(operator());
            } else {
                // Anything else (a stray backslash, a control character): keep it visible as an
                // operator so it still separates words.
                tokens.add(new Token(Kind.OPERATOR, String.valueOf(c), pos, pos + 1));
                pos++;
            }
        }
        return tokens;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private void skipLineComment() {
        while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
    }

    private void skipBlockComment() {
        // PostgreSQL block comments nest.
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    /** A quoted string whose opening quote is at {@code quote}; {@code start} includes any prefix. */
    private Token string(int start, int quote, boolean backslashEscapes) {
        pos = quote + 1;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == '\'') {
                if (peek(1) == '\'') {
                    pos += 2;
                } else {
                    pos++;
                    return new Token(Kind.STRING, sql.substring(start, pos), start, pos);
                }
            } else {
                pos++;
            }
        }
        pos = sql.length();
        return new Token(Kind.STRING, sql.substring(start), start, pos);
    }

    private Token quotedIdentifier(int start, int quote) {
        pos = quote + 1;
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '"') {
                if (peek(1) == '"') {
                    pos += 2;
                } else {
                    pos++;
                    return new Token(Kind.QUOTED_IDENTIFIER, sql.substring(quote, pos), start, pos);
                }
            } else {
                pos++;
            }
        }
        pos = sql.length();
        return new Token(Kind.QUOTED_IDENTIFIER, sql.substring(quote) + '"', start, pos);
    }

    private Token dollar() {
        int start = pos;
        if (Character.isDigit(peek(1))) {
            pos++;
            while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.PARAMETER, sql.substring(start, pos), start, pos);
        }
        // $tag$ … $tag$ with an optional tag; a tag is an identifier without '$'.
        int i = pos + 1;
        if (i < sql.length() && isIdentifierStart(sql.charAt(i))) {
            i++;
            while (i < sql.length() && isTagPart(sql.charAt(i))) {
                i++;
            }
        }
        if (i < sql.length() && sql.charAt(i) == '$') {
            String delimiter = sql.substring(pos, i + 1);
            int close = sql.indexOf(delimiter, i + 1);
            pos = close < 0 ? sql.length() : close + delimiter.length();
            return new Token(Kind.STRING, sql.substring(start, pos), start, pos);
        }
        pos++;
        return new Token(Kind.OPERATOR, "$", start, pos);
    }

    private Token word() {
        int start = pos;
        pos++;
        while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
            pos++;
        }
        return new Token(Kind.WORD, sql.substring(start, pos), start, pos);
    }

    private Token number() {
        int start = pos;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                pos++;
            } else if ((c == '+' || c == '-') && (sql.charAt(pos - 1) == 'e' || sql.charAt(pos - 1) == 'E')) {
                pos++;
            } else {
                break;
            }
        }
        return new Token(Kind.NUMBER, sql.substring(start, pos), start, pos);
    }

    private Token operator() {
        int start = pos;
        while (pos < sql.length() && OPERATOR_CHARS.indexOf(sql.charAt(pos)) >= 0) {
            // A comment starts even in the middle of an operator run.
            if (pos > start && (sql.startsWith("--", pos) || sql.startsWith("/*", pos))) {
                break;
            }
            pos++;
        }
        return new Token(Kind.OPERATOR, sql.substring(start, pos), start, pos);
    }

    private static boolean isIdentifierStart(char c) {
        return c == '_' || Character.isLetter(c) || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || Character.isDigit(c) || c == '$';
    }

    private static boolean isTagPart(char c) {
        return isIdentifierStart(c) || Character.isDigit(c);
    }
}
