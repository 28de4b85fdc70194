package dev.phasegate.rewriter.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.SqlRewriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plans put together from the plan of the text between a statement's comment edges are the plans
 * the statement itself gets. Every golden statement × phase is sent with per-request comments
 * (before it, after it, both, before a final {@code ;}; block and line comments, of different
 * lengths, the way tracing libraries add them); the first teaches the cache the core, and every other one must come from
 * the cache without planning, and equal what planning it from scratch gives.
 */
class GoldenCommentEdgesTest {

    @Test
    void aStatementWithPerRequestCommentsIsPlannedOnceAndExactlyAsPlanningItDoes() throws Exception {
        int compared = 0;
        List<String> failures = new ArrayList<>();
        for (GoldenCase c : GoldenCasesTest.allCases()) {
            for (Map<String, Phase> phases : c.phaseSets()) {
                PhaseSnapshot snapshot = GoldenCasesTest.FIXTURE.snapshot(phases);
                SqlRewriter rewriter = new SqlRewriter(RewriterConfig.DEFAULTS);
                String sql = c.sql();
                if (!rewriter.preFilter(snapshot).mayName(sql)) {
                    continue; // never planned, commented or not
                }
                rewriter.plan(sql + " /*traceparent='00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'*/",
                        snapshot, GoldenCasesTest.FIXTURE.catalog());
                long missesAfterFirst = rewriter.cache().missCount();
                List<String> variants = List.of(
                        sql + " /*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/",
                        "/* request 8d41 */ " + sql,
                        "-- job 7\n/* a /* nested */ comment */\t" + sql + "\n-- controller:users,action:show",
                        sql + " -- line comment at the very end",
                        // sqlcommenter puts the comment before a final ';'
                        withoutFinalSemicolon(sql) + " /*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-01'*/;");
                for (String commented : variants) {
                    compared++;
                    RewritePlan cached = rewriter.plan(commented, snapshot, GoldenCasesTest.FIXTURE.catalog());
                    RewritePlan direct = rewriter.planUncached(commented, snapshot, GoldenCasesTest.FIXTURE.catalog());
                    if (!cached.equals(direct)) {
                        failures.add(c.name() + " " + phases + " (" + c.file() + ":" + c.line() + ")\n  statement: "
                                + commented + "\n  via core:  " + cached + "\n  direct:    " + direct);
                    }
                }
                // The comment before a final ';' takes the ';' into the edge: a statement that
                // ended with one has a second core, planned once.
                long newCores = sql.stripTrailing().endsWith(";") ? 1 : 0;
                if (rewriter.cache().missCount() != missesAfterFirst + newCores) {
                    failures.add(c.name() + " " + phases + ": planned again for another comment ("
                            + (rewriter.cache().missCount() - missesAfterFirst - newCores) + " misses)");
                }
            }
        }
        assertThat(failures).as("plans around comment edges that differ from the statement's own").isEmpty();
        assertThat(compared).isGreaterThan(1000);
    }

    private static String withoutFinalSemicolon(String sql) {
        String trimmed = sql.stripTrailing();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
