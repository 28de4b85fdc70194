package dev.phasegate.rewriter.lex;

/**
 * A statement text split into its comment edges and its core: {@code /* request 7 *}{@code /
 * SELECT … WHERE id = $1 -- trace 4bf92f} has the core {@code SELECT … WHERE id = $1}. Tracing
 * libraries put a comment with per-request values on every statement (sqlcommenter's
 * {@code traceparent}, Rails' query log tags, marginalia), which makes every text new; the comment
 * changes nothing about how the statement is planned, so {@code PlanCache} plans the core and
 * puts the edges back around the result.
 *
 * <p>An edge is the text before the first token or after the last one; a comment right before a
 * final {@code ;} (where sqlcommenter puts it when a statement ends with one) makes that comment
 * and the {@code ;} part of the trailing edge. A text has comment edges only when one of them
 * holds a comment, and every block comment in them is closed (an unclosed one is a syntax error
 * the server must see as sent). A comment between other tokens stays part of the core.
 *
 * @param original  the whole text
 * @param coreStart where the first token starts
 * @param coreEnd   where the last token ends (the token before a final {@code ;} when a comment
 *                  stands between them)
 */
public record CommentEdges(String original, int coreStart, int coreEnd) {

    /** The edges of {@code sql}, or {@code null} when neither edge holds a comment. */
    public static CommentEdges of(String sql) {
        if (sql.indexOf("--") < 0 && sql.indexOf("/*") < 0) {
            return null; // the common case, decided without lexing
        }
        SqlLexer lexer = new SqlLexer(sql);
        if (lexer.next() == null) {
            return null; // only comments: nothing to plan either way
        }
        int coreStart = lexer.start();
        int lastStart = lexer.start();
        int coreEnd = lexer.end();
        int previousEnd = -1;
        TokenType last = lexer.type();
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            previousEnd = coreEnd;
            lastStart = lexer.start();
            coreEnd = lexer.end();
            last = t;
        }
        if (last == TokenType.SEMICOLON && previousEnd >= 0 && holdsComment(sql, previousEnd, lastStart)) {
            coreEnd = previousEnd; // "… /* trace */;": the comment and the final ';' are the trailing edge
        }
        boolean leading = holdsComment(sql, 0, coreStart);
        boolean trailing = holdsComment(sql, coreEnd, sql.length());
        if (!leading && !trailing) {
            return null;
        }
        if (lexer.endsInUnclosedComment()) {
            return null; // the server must refuse it as sent
        }
        return new CommentEdges(sql, coreStart, coreEnd);
    }

    /** The text between the edges: the first token to the last (or to the one before a final {@code ;}). */
    public String core() {
        return original.substring(coreStart, coreEnd);
    }

    /** What comes before the core (comments and whitespace). */
    public String leading() {
        return original.substring(0, coreStart);
    }

    /** What comes after the core (comments and whitespace, and a final {@code ;} after a comment). */
    public String trailing() {
        return original.substring(coreEnd);
    }

    /** {@code text} (the core, or a rewrite of it) with this text's edges around it. */
    public String around(String text) {
        return new StringBuilder(coreStart + text.length() + original.length() - coreEnd)
                .append(original, 0, coreStart).append(text).append(original, coreEnd, original.length()).toString();
    }

    /**
     * Whether {@code [from, to)} holds a comment: it lies between tokens or outside them, so
     * anything but whitespace there starts one (a trailing edge that took a final {@code ;} holds
     * a comment before it by construction).
     */
    private static boolean holdsComment(String sql, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(sql.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
