package dev.phasegate.rewriter.lex;

/** The kinds of token {@link SqlLexer} distinguishes; just enough for splicing and pre-filtering. */
public enum TokenType {
    /** An unquoted identifier or key word: folds to lower case. */
    WORD,
    /** A double-quoted identifier, {@code U&"…"} included: kept as written. */
    QUOTED_IDENTIFIER,
    /** Any string constant: {@code '…'}, {@code E'…'}, {@code B'…'}, {@code X'…'}, {@code U&'…'}, {@code $tag$…$tag$}. */
    STRING,
    NUMBER,
    /** A positional parameter {@code $n}. */
    PARAMETER,
    /** An operator: a run of operator characters, {@code ::} included. */
    OPERATOR,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    SEMICOLON,
    DOT,
    /** A single {@code :} (array slices). */
    COLON,
    /** Text PostgreSQL's lexer would refuse, or an unterminated literal or comment. */
    INVALID
}
