package dev.phasegate.rewriter.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.lex.LiteralShape;
import dev.phasegate.rewriter.lex.SqlLexer;
import dev.phasegate.rewriter.lex.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plans filled in from a literal shape are the plans the statement itself gets. Every golden
 * statement × phase is turned into two literal-only variants (its placeholders and literals
 * replaced by different values of different types); the cache learns the shape from the first and
 * must then give, for the second, exactly what planning the second from scratch gives.
 */
class GoldenLiteralShapesTest {

    @Test
    void aShapeLearnedFromOneStatementPlansAnotherExactlyAsPlanningItDoes() throws Exception {
        int compared = 0;
        int filled = 0;
        List<String> failures = new ArrayList<>();
        for (GoldenCase c : GoldenCasesTest.allCases()) {
            for (Map<String, Phase> phases : c.phaseSets()) {
                PhaseSnapshot snapshot = GoldenCasesTest.FIXTURE.snapshot(phases);
                String first = withLiterals(c.sql(), "'a'", "1", "1.5", "'s'");
                if (LiteralShape.of(first) == null) {
                    continue; // no literal to shape
                }
                SqlRewriter rewriter = new SqlRewriter(RewriterConfig.DEFAULTS);
                if (!rewriter.preFilter(snapshot).mayName(first)) {
                    continue; // never planned, shape or not
                }
                // Same kinds, other values (filled from the shape); then other kinds (a shape of their own).
                String sameKinds = withLiterals(c.sql(), "'it''s'", "42", "4.2e1", "'x y'");
                String otherKinds = withLiterals(c.sql(), "7", "'7'", "'0.5'", "3");
                rewriter.plan(first, snapshot, GoldenCasesTest.FIXTURE.catalog());
                for (String sql : List.of(sameKinds, otherKinds)) {
                    long before = rewriter.cache().shapeHitCount();
                    RewritePlan viaShape = rewriter.plan(sql, snapshot, GoldenCasesTest.FIXTURE.catalog());
                    RewritePlan direct = rewriter.planUncached(sql, snapshot, GoldenCasesTest.FIXTURE.catalog());
                    if (sql == sameKinds) {
                        compared++;
                        filled += rewriter.cache().shapeHitCount() > before ? 1 : 0;
                    }
                    if (!viaShape.equals(direct)) {
                        failures.add(c.name() + " " + phases + " (" + c.file() + ":" + c.line() + ")\n  statement: "
                                + sql + "\n  via shape: " + viaShape + "\n  direct:    " + direct);
                    }
                }
            }
        }
        assertThat(failures).as("plans filled from a shape that differ from the statement's own").isEmpty();
        assertThat(compared).isGreaterThan(250);
        // Most shapes must actually be usable, or the cache would not help.
        assertThat(filled).as("statements filled from a shape, of %d", compared).isGreaterThan(compared * 9 / 10);
    }

    /**
     * {@code sql} with each placeholder replaced by {@code forParameters} and each literal the
     * shape would replace by the value given for its kind.
     */
    private static String withLiterals(String sql, String forParameters, String forIntegers, String forNumbers,
                                       String forStrings) {
        StringBuilder out = new StringBuilder();
        SqlLexer lexer = new SqlLexer(sql);
        int copied = 0;
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            String token = sql.substring(lexer.start(), lexer.end());
            String replacement = switch (t) {
                case PARAMETER -> forParameters;
                case NUMBER -> token.chars().allMatch(Character::isDigit) ? forIntegers : forNumbers;
                case STRING -> token.startsWith("'") && !typedLiteral(sql, lexer.start()) ? forStrings : null;
                default -> null;
            };
            if (replacement != null) {
                out.append(sql, copied, lexer.start()).append(replacement);
                copied = lexer.end();
            }
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** {@code interval '1 day'} and the like: the string is part of the shape. */
    private static boolean typedLiteral(String sql, int start) {
        String before = sql.substring(0, start).stripTrailing().toLowerCase(java.util.Locale.ROOT);
        return before.matches("(?s).*\\b(interval|date|time|timestamp|timestamptz|timetz)");
    }
}
