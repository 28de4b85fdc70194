package dev.phasegate.rewriter.lex;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's lexical rules in one forward pass, without allocation: comments ({@code --} and
 * nested {@code /* *}{@code /}) are skipped; string constants ({@code '…'} with {@code ''},
 * {@code E'…'} with backslash escapes, {@code B'…'}, {@code X'…'}, {@code N'…'}, {@code U&'…'},
 * dollar quotes {@code $tag$…$tag$}), quoted identifiers ({@code "…"} with {@code ""}), positional
 * parameters {@code $n} and operators come out as single tokens.
 *
 * <p>Use: {@code while (lexer.next() != null) { lexer.type(); lexer.start(); lexer.end(); }}.
 * Offsets are UTF-16 indexes into the text, end exclusive. Assumes
 * {@code standard_conforming_strings = on} (PostgreSQL's default since 9.1).
 */
public final class SqlLexer {

    private final CharSequence text;
    private final int length;
    private int pos;
    private TokenType type;
    private int start;
    private int end;
    private boolean unclosedComment;

    public SqlLexer(CharSequence text) {
        this(text, 0, text.length());
    }

    public SqlLexer(CharSequence text, int from, int to) {
        this.text = text;
        this.pos = from;
        this.length = to;
    }

    public TokenType type() {
        return type;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    /** The tokens of {@code sql} as a list (comments and whitespace dropped), for walking its words. */
    public static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            int from = lexer.start();
            if (t == TokenType.QUOTED_IDENTIFIER && sql.charAt(from) != '"') {
                from += 2; // U&"…": the name is the quoted part
            }
            tokens.add(new Token(t, sql.substring(from, lexer.end()), lexer.start(), lexer.end()));
        }
        return tokens;
    }

    /**
     * Whether a block comment ran to the end of the text without being closed (PostgreSQL refuses
     * such a text). Known once {@link #next} has returned {@code null}: an unclosed comment takes
     * the rest of the text, so it can only be the last thing in it.
     */
    public boolean endsInUnclosedComment() {
        return unclosedComment;
    }

    /** Advances to the next token; {@code null} at the end of the text. */
    public TokenType next() {
        skipWhitespaceAndComments();
        if (pos >= length) {
            type = null;
            start = end = length;
            return null;
        }
        start = pos;
        char c = text.charAt(pos);
        switch (c) {
            case '(' -> single(TokenType.LEFT_PAREN);
            case ')' -> single(TokenType.RIGHT_PAREN);
            case '[' -> single(TokenType.LEFT_BRACKET);
            case ']' -> single(TokenType.RIGHT_BRACKET);
            case ',' -> single(TokenType.COMMA);
            case ';' -> single(TokenType.SEMICOLON);
            case '\'' -> quoted('\'', false, TokenType.STRING);
            case '"' -> quoted('"', false, TokenType.QUOTED_IDENTIFIER);
            case '$' -> dollar();
            case ':' -> {
                if (pos + 1 < length && text.charAt(pos + 1) == ':') {
                    pos += 2;
                    type = TokenType.OPERATOR;
                } else if (pos + 1 < length && text.charAt(pos + 1) == '=') {
                    pos += 2; // := (named argument, PL/pgSQL assignment)
                    type = TokenType.OPERATOR;
                } else {
                    single(TokenType.COLON);
                }
            }
            case '.' -> {
                if (pos + 1 < length && isDigit(text.charAt(pos + 1))) {
                    number();
                } else if (pos + 1 < length && text.charAt(pos + 1) == '.') {
                    pos += 2; // ".." (plpgsql ranges); harmless here
                    type = TokenType.OPERATOR;
                } else {
                    single(TokenType.DOT);
                }
            }
            default -> {
                if (isDigit(c)) {
                    number();
                } else if (isIdentifierStart(c)) {
                    word();
                } else if (isOperatorChar(c)) {
                    operator();
                } else {
                    single(TokenType.INVALID);
                }
            }
        }
        end = pos;
        return type;
    }

    private void single(TokenType t) {
        pos++;
        type = t;
    }

    private void skipWhitespaceAndComments() {
        while (pos < length) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
                pos++;
            } else if (c == '-' && pos + 1 < length && text.charAt(pos + 1) == '-') {
                pos = lineCommentEnd(text, pos, length);
            } else if (c == '/' && pos + 1 < length && text.charAt(pos + 1) == '*') {
                int after = blockCommentEnd(text, pos, length);
                // Unterminated comment: PostgreSQL refuses the statement; we simply stop at the end.
                if (after < 0) {
                    unclosedComment = true;
                }
                pos = after < 0 ? length : after;
            } else {
                return;
            }
        }
    }

    /**
     * The index after the comment that starts at {@code at} ({@code --} to the end of the line, or a
     * block comment, which nests), or {@code at} when no comment starts there. An unclosed block
     * comment runs to {@code end}.
     */
    public static int skipComment(CharSequence text, int at, int end) {
        if (at + 1 >= end) {
            return at;
        }
        char c = text.charAt(at);
        char next = text.charAt(at + 1);
        if (c == '-' && next == '-') {
            return lineCommentEnd(text, at, end);
        }
        if (c == '/' && next == '*') {
            int after = blockCommentEnd(text, at, end);
            return after < 0 ? end : after;
        }
        return at;
    }

    /** The index of the line break that ends the {@code --} comment starting at {@code at}, or {@code end}. */
    static int lineCommentEnd(CharSequence text, int at, int end) {
        int p = at + 2;
        while (p < end && text.charAt(p) != '\n' && text.charAt(p) != '\r') {
            p++;
        }
        return p;
    }

    /** The index after the block comment starting at {@code at} (they nest), or -1 when it is not closed. */
    static int blockCommentEnd(CharSequence text, int at, int end) {
        int depth = 0;
        int p = at;
        while (p < end) {
            char c = text.charAt(p);
            if (c == '/' && p + 1 < end && text.charAt(p + 1) == '*') {
                depth++;
                p += 2;
            } else if (c == '*' && p + 1 < end && text.charAt(p + 1) == '/') {
                depth--;
                p += 2;
                if (depth == 0) {
                    return p;
                }
            } else {
                p++;
            }
        }
        return -1;
    }

    /** A quote-delimited token starting at {@code pos} (the opening quote), doubled quotes escape. */
    private void quoted(char quote, boolean backslashEscapes, TokenType t) {
        pos++;
        while (pos < length) {
            char c = text.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == quote) {
                if (pos + 1 < length && text.charAt(pos + 1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    type = t;
                    return;
                }
            } else {
                pos++;
            }
        }
        pos = length;
        type = TokenType.INVALID;
    }

    private void dollar() {
        int p = pos + 1;
        if (p < length && isDigit(text.charAt(p))) {
            while (p < length && isDigit(text.charAt(p))) {
                p++;
            }
            pos = p;
            type = TokenType.PARAMETER;
            return;
        }
        // $tag$ … $tag$ where tag is empty or an identifier without '$'
        if (p < length && isIdentifierStart(text.charAt(p))) {
            while (p < length && isDollarTagChar(text.charAt(p))) {
                p++;
            }
        }
        if (p < length && text.charAt(p) == '$') {
            int tagStart = pos;
            int tagLength = p + 1 - pos;
            int q = p + 1;
            while (q < length) {
                if (text.charAt(q) == '$' && q + tagLength <= length && regionEquals(q, tagStart, tagLength)) {
                    pos = q + tagLength;
                    type = TokenType.STRING;
                    return;
                }
                q++;
            }
            pos = length;
            type = TokenType.INVALID;
            return;
        }
        single(TokenType.INVALID);
    }

    private boolean regionEquals(int a, int b, int n) {
        for (int i = 0; i < n; i++) {
            if (text.charAt(a + i) != text.charAt(b + i)) {
                return false;
            }
        }
        return true;
    }

    private void number() {
        if (text.charAt(pos) == '0' && pos + 1 < length && "xXoObB".indexOf(text.charAt(pos + 1)) >= 0) {
            // 0x1F, 0o17, 0b101 (PostgreSQL 16)
            pos += 2;
            while (pos < length && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            type = TokenType.NUMBER;
            return;
        }
        while (pos < length && (isDigit(text.charAt(pos))
                || (text.charAt(pos) == '_' && pos + 1 < length && isDigit(text.charAt(pos + 1))))) {
            pos++;
        }
        if (pos < length && text.charAt(pos) == '.'
                && !(pos + 1 < length && text.charAt(pos + 1) == '.')) {
            pos++;
            while (pos < length && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        if (pos < length && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int p = pos + 1;
            if (p < length && (text.charAt(p) == '+' || text.charAt(p) == '-')) {
                p++;
            }
            if (p < length && isDigit(text.charAt(p))) {
                pos = p;
                while (pos < length && isDigit(text.charAt(pos))) {
                    pos++;
                }
            }
        }
        // "1abc" is a number followed by an identifier (before PostgreSQL 15, an alias): the
        // identifier must be seen, so it is not swallowed here.
        type = TokenType.NUMBER;
    }

    private void word() {
        char c = text.charAt(pos);
        // String constants with a prefix: E'…', B'…', X'…', N'…', U&'…' and U&"…"
        if (pos + 1 < length && text.charAt(pos + 1) == '\'') {
            switch (c) {
                case 'e', 'E' -> {
                    pos++;
                    quoted('\'', true, TokenType.STRING);
                    return;
                }
                case 'b', 'B', 'x', 'X', 'n', 'N' -> {
                    pos++;
                    quoted('\'', false, TokenType.STRING);
                    return;
                }
                default -> {
                }
            }
        }
        if ((c == 'u' || c == 'U') && pos + 2 < length && text.charAt(pos + 1) == '&') {
            char q = text.charAt(pos + 2);
            if (q == '\'') {
                pos += 2;
                quoted('\'', false, TokenType.STRING);
                return;
            }
            if (q == '"') {
                pos += 2;
                quoted('"', false, TokenType.QUOTED_IDENTIFIER);
                return;
            }
        }
        pos++;
        while (pos < length && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        type = TokenType.WORD;
    }

    private void operator() {
        while (pos < length && isOperatorChar(text.charAt(pos))) {
            // A comment start ends the operator, as in PostgreSQL's scanner.
            char c = text.charAt(pos);
            if (pos + 1 < length && ((c == '-' && text.charAt(pos + 1) == '-')
                    || (c == '/' && text.charAt(pos + 1) == '*'))) {
                if (pos == start) {
                    break;
                }
                break;
            }
            pos++;
        }
        if (pos == start) {
            pos++; // cannot happen for a real comment start (skipped before), but never loop
        }
        type = TokenType.OPERATOR;
    }

    /** Whether the current token is the word {@code lowerCase}, unquoted, in any ASCII case. */
    public boolean isWord(String lowerCase) {
        return type == TokenType.WORD && equalsIgnoreCase(text, start, end, lowerCase);
    }

    /**
     * Whether {@code text} holds {@code lowerCase} at {@code at}, in any ASCII case (what follows
     * is not looked at): the test of the character scans that look for a word before lexing.
     */
    public static boolean regionMatches(CharSequence text, int at, String lowerCase) {
        return equalsIgnoreCase(text, at, Math.min(text.length(), at + lowerCase.length()), lowerCase);
    }

    /** Whether {@code text[start, end)} is the word {@code lowerCase} in any ASCII case. */
    public static boolean equalsIgnoreCase(CharSequence text, int start, int end, String lowerCase) {
        if (end - start != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            char c = text.charAt(start + i);
            if (c != lowerCase.charAt(i) && (c < 'A' || c > 'Z' || c + 32 != lowerCase.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    public static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isDollarTagChar(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    public static boolean isOperatorChar(char c) {
        return switch (c) {
            case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?' -> true;
            default -> false;
        };
    }
}
