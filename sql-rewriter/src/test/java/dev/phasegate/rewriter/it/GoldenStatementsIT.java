package dev.phasegate.rewriter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.Identifiers;
import dev.phasegate.config.column.Phase;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.StatementKind;
import dev.phasegate.rewriter.golden.GoldenCaseAccess;
import dev.phasegate.rewriter.golden.GoldenFixture;
import dev.phasegate.rewriter.golden.GoldenFixtureAccess;
import dev.phasegate.rewriter.lex.LexicalStatement;
import dev.phasegate.rewriter.lex.PreparedStatementCommand;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every rewritten golden statement is valid on a real PostgreSQL: PostgreSQL parses it, resolves
 * every name and infers every parameter's type ({@code PREPARE}, which analyses without running).
 * A rewrite that leaves a hole in the $n numbering, an ambiguous name, a wrong comma or a type
 * mismatch fails here. A rewritten {@code PREPARE} (the golden cases of prepared statements) runs
 * as it is, then its statement is deallocated.
 */
class GoldenStatementsIT {

    private static final GoldenFixture FIXTURE = GoldenFixtureAccess.fixture();

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(FixtureSchema.ddl(FIXTURE));

    private static final Set<StatementKind> PREPARABLE = Set.of(StatementKind.SELECT, StatementKind.INSERT,
            StatementKind.UPDATE, StatementKind.DELETE);

    @Test
    void everyRewrittenGoldenStatementPreparesOnPostgres() throws Exception {
        SqlRewriter rewriter = new SqlRewriter(RewriterConfig.DEFAULTS);
        List<String> failures = new ArrayList<>();
        int prepared = 0;
        int skippedInvalidInput = 0;
        try (Connection c = PG.connect(); Statement s = c.createStatement()) {
            int n = 0;
            for (GoldenCaseAccess.Case gc : GoldenCaseAccess.all()) {
                for (Map<String, Phase> phases : gc.phaseSets()) {
                    RewritePlan plan = rewriter.planUncached(gc.sql(), FIXTURE.snapshot(phases), FIXTURE.catalog());
                    if (!(plan instanceof RewritePlan.Rewritten)
                            || !PREPARABLE.contains(plan.kind()) && preparedName(gc.sql()) == null) {
                        continue;
                    }
                    if (prepare(s, "o" + (++n), gc.sql()) != null) {
                        skippedInvalidInput++; // the input itself does not run here (e.g. needs objects we lack)
                        continue;
                    }
                    String error = prepare(s, "r" + n, plan.sql());
                    if (error != null) {
                        failures.add(gc.where() + " " + phases + "\n  input:     " + gc.sql() + "\n  rewritten: "
                                + plan.sql() + "\n  postgres:  " + error);
                    } else {
                        prepared++;
                    }
                }
            }
        }
        assertThat(failures).as("rewritten statements PostgreSQL refused").isEmpty();
        assertThat(prepared).as("rewritten statements prepared").isGreaterThan(200);
        assertThat(skippedInvalidInput).as("inputs that do not prepare on the fixture schema").isLessThan(10);
    }

    /** The name a golden {@code PREPARE} statement gives, or null when it is not one. */
    private static String preparedName(String sql) {
        PreparedStatementCommand command = PreparedStatementCommand.of(sql, 0, sql.length());
        return command != null && command.kind() == PreparedStatementCommand.Kind.PREPARE
                && LexicalStatement.split(sql).size() == 1 ? command.name() : null;
    }

    private static String prepare(Statement s, String name, String sql) {
        String prepared = preparedName(sql);
        try {
            if (prepared != null) {
                s.execute(sql);
                s.execute("DEALLOCATE " + Identifiers.quote(prepared));
                return null;
            }
            s.execute("PREPARE " + name + " AS " + sql);
            s.execute("DEALLOCATE " + name);
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
