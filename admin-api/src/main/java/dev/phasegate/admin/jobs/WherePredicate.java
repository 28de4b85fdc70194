package dev.phasegate.admin.jobs;

import dev.phasegate.rewriter.lex.SqlLexer;
import dev.phasegate.rewriter.lex.Token;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks the {@code where} option of a job: it is spliced into the job's statements as
 * {@code AND (<where>)}, so it must be one boolean expression that cannot end the statement or
 * escape its parentheses. Lexical checks here (no {@code ;}, balanced brackets, not empty);
 * whether it is a valid expression over the table is left to an {@code EXPLAIN} at job start.
 */
final class WherePredicate {

    private WherePredicate() {
    }

    /**
     * The predicate trimmed, or {@code null} when none was given.
     *
     * @throws JobException 400 naming what is wrong
     */
    static String check(String where) {
        if (where == null || where.isBlank()) {
            return null;
        }
        Deque<String> open = new ArrayDeque<>();
        boolean anything = false;
        for (Token token : SqlLexer.tokenize(where)) {
            anything = true;
            if (token.isSymbol(";")) {
                throw JobException.badRequest("where must be a single expression, without ';': " + where);
            }
            if (token.isSymbol("(") || token.isSymbol("[")) {
                open.push(token.text());
            } else if (token.isSymbol(")") || token.isSymbol("]")) {
                String expected = token.text().equals(")") ? "(" : "[";
                if (open.isEmpty() || !open.pop().equals(expected)) {
                    throw JobException.badRequest("where closes a bracket it did not open: " + where);
                }
            }
        }
        if (!anything) {
            return null; // only a comment
        }
        if (!open.isEmpty()) {
            throw JobException.badRequest("where leaves a bracket open: " + where);
        }
        String trimmed = where.trim();
        if (trimmed.contains("--")) {
            // A line comment would swallow the closing parenthesis the job adds after it.
            trimmed = trimmed + "\n";
        }
        return trimmed;
    }
}
