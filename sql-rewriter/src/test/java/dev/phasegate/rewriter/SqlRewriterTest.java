package dev.phasegate.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.UnparsablePolicy;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.golden.GoldenFixtureAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlRewriterTest {

    private static final RewriterConfig CONFIG = RewriterConfig.DEFAULTS;

    private static PhaseSnapshot snapshot(Phase phase) {
        return GoldenFixtureAccess.fixture().snapshot(Map.of("email_lower", phase));
    }

    private final SqlRewriter rewriter = new SqlRewriter(CONFIG);

    @Test
    void anUnmanagedStatementIsReturnedAsTheVerySameString() {
        String sql = "SELECT * FROM orgs WHERE id = $1";
        RewritePlan plan = rewriter.plan(sql, snapshot(Phase.HIDDEN), GoldenFixtureAccess.fixture().catalog());
        assertThat(plan).isInstanceOf(RewritePlan.Unchanged.class);
        assertThat(plan.sql()).isSameAs(sql);
        assertThat(plan.kind()).isEqualTo(StatementKind.UNCLASSIFIED);
        assertThat(plan.touchesManagedColumns()).isFalse();
        assertThat(rewriter.cache().missCount()).isZero();
    }

    @Test
    void planCacheHitsBySqlAndVersions() {
        String sql = "SELECT email_lower FROM users";
        var catalog = GoldenFixtureAccess.fixture().catalog();
        PhaseSnapshot v1 = snapshot(Phase.HIDDEN);
        RewritePlan first = rewriter.plan(sql, v1, catalog);
        RewritePlan second = rewriter.plan(sql, v1, catalog);
        assertThat(second).isSameAs(first);
        assertThat(rewriter.cache().hitCount()).isEqualTo(1);
        assertThat(rewriter.cache().missCount()).isEqualTo(1);

        PhaseSnapshot v2 = new PhaseSnapshot(v1.version() + 1, snapshot(Phase.READ).columns());
        RewritePlan third = rewriter.plan(sql, v2, catalog);
        assertThat(third).isNotSameAs(first);
        assertThat(third.changed()).isFalse();
        assertThat(rewriter.cache().missCount()).isEqualTo(2);
    }

    @Test
    void aSessionsSearchPathDecidesWhichTableAnUnqualifiedNameIsAndKeysTheCache() {
        String sql = "SELECT * FROM users WHERE id = 1";
        var catalog = GoldenFixtureAccess.fixture().catalog();
        PhaseSnapshot hidden = snapshot(Phase.HIDDEN);
        RewritePlan inPublic = rewriter.plan(sql, hidden, catalog, List.of("billing", "public"));
        assertThat(inPublic.changed()).isTrue();
        assertThat(inPublic.sql()).doesNotContain("*");
        RewritePlan elsewhere = rewriter.plan(sql, hidden, catalog, List.of("billing"));
        assertThat(elsewhere.changed()).as("no users table on that path").isFalse();
        assertThat(rewriter.plan(sql, hidden, catalog, List.of("billing", "public"))).isSameAs(inPublic);
        assertThat(rewriter.cache().missCount()).isEqualTo(2);
    }

    @Test
    void statementsThatDifferOnlyInTheirLiteralsShareOnePlan() {
        var catalog = GoldenFixtureAccess.fixture().catalog();
        PhaseSnapshot write = snapshot(Phase.WRITE);

        RewritePlan first = rewriter.plan("UPDATE users SET email = 'Ann@X.org' WHERE id = 1; SELECT 2", write, catalog);
        RewritePlan second = rewriter.plan("UPDATE users SET email = 'Bob.Smith@Example.com' WHERE id = 1234; SELECT 5",
                write, catalog);

        assertThat(first.sql()).isEqualTo(
                "UPDATE users SET email = 'Ann@X.org', email_lower = lower('Ann@X.org'::text) WHERE id = 1; SELECT 2");
        assertThat(second.sql()).isEqualTo("UPDATE users SET email = 'Bob.Smith@Example.com', "
                + "email_lower = lower('Bob.Smith@Example.com'::text) WHERE id = 1234; SELECT 5");
        assertThat(second.statements().get(1).startOffset())
                .isEqualTo(second.originalSql().indexOf("SELECT 5"));
        assertThat(second).isEqualTo(rewriter.planUncached(second.originalSql(), write, catalog));
        assertThat(rewriter.cache().missCount()).isEqualTo(1);
        assertThat(rewriter.cache().shapeHitCount()).isEqualTo(1);
    }

    @Test
    void aShapeWhosePlanDependsOnItsLiteralsIsNotUsed() {
        var catalog = GoldenFixtureAccess.fixture().catalog();
        PhaseSnapshot hidden = snapshot(Phase.HIDDEN);

        // varchar($1) does not parse: the shape cannot stand for these statements.
        rewriter.plan("SELECT email_lower::varchar(20) FROM users", hidden, catalog);
        RewritePlan other = rewriter.plan("SELECT email_lower::varchar(30) FROM users", hidden, catalog);

        assertThat(other.sql()).isEqualTo("SELECT NULL::text::varchar(30) AS email_lower FROM users");
        assertThat(rewriter.cache().unusableShapeCount()).isEqualTo(1);
        assertThat(rewriter.cache().shapeHitCount()).isZero();
        assertThat(rewriter.cache().missCount()).isEqualTo(2);
    }

    @Test
    void rejectedPlanCarriesSqlStateColumnAndConstruct() {
        RewritePlan plan = rewriter.plan("COPY users (email) FROM STDIN", snapshot(Phase.WRITE),
                GoldenFixtureAccess.fixture().catalog());
        assertThat(plan).isInstanceOf(RewritePlan.Rejected.class);
        RewriteError error = plan.error().orElseThrow();
        assertThat(error.sqlState()).isEqualTo("0A000");
        assertThat(error.column().toString()).isEqualTo("public.users.email_lower");
        assertThat(error.message()).contains("public.users.email_lower").contains("COPY");
        assertThat(plan.sql()).isNull();
        assertThat(plan.actions()).extracting(ColumnAction::action).containsExactly(Action.REJECTED);
    }

    @Test
    void passPolicyForWritesSendsTheStatementUnchangedAsUnparsed() {
        RewriterConfig pass = new RewriterConfig(List.of("public"), UnparsablePolicy.PASS, UnparsablePolicy.PASS, 100,
                Duration.ofMinutes(1));
        RewritePlan plan = new SqlRewriter(pass).plan("COPY users (email) FROM STDIN", snapshot(Phase.WRITE),
                GoldenFixtureAccess.fixture().catalog());
        assertThat(plan).isInstanceOf(RewritePlan.Unchanged.class);
        assertThat(plan.actions()).extracting(ColumnAction::action).containsExactly(Action.UNPARSED);
    }

    @Test
    void rejectPolicyForReadsRefusesAnUnparsableRead() {
        RewriterConfig strict = new RewriterConfig(List.of("public"), UnparsablePolicy.REJECT, UnparsablePolicy.REJECT,
                100, Duration.ofMinutes(1));
        RewritePlan plan = new SqlRewriter(strict).plan("SELECT hstore(u) FROM users u", snapshot(Phase.HIDDEN),
                GoldenFixtureAccess.fixture().catalog());
        assertThat(plan).isInstanceOf(RewritePlan.Rejected.class);
        assertThat(plan.error().orElseThrow().construct()).isEqualTo("whole-row reference");
    }

    @Test
    void shadowPlanDescribesTheTrailingChecks() {
        RewritePlan plan = rewriter.plan("SELECT u.id, u.email FROM users u", snapshot(Phase.SHADOW),
                GoldenFixtureAccess.fixture().catalog());
        ResultFilter filter = plan.resultFilter();
        assertThat(filter.trailingCheckColumns()).isEqualTo(1);
        assertThat(filter.shadowCheckIndex(3, 0)).isEqualTo(2);
        assertThat(filter.clientFieldCount(3)).isEqualTo(2);
        ShadowCheck check = filter.shadowChecks().get(0);
        assertThat(check.column().toString()).isEqualTo("public.users.email_lower");
        assertThat(check.tableReference()).isEqualTo("u");
        assertThat(check.expression()).isEqualTo("u.email_lower IS NOT DISTINCT FROM lower(u.email)");
    }

    @Test
    void multiStatementPlanHasOnePlanPerStatementWithOffsets() {
        String sql = "SELECT 1; SELECT email_lower FROM users; SELECT email FROM users";
        RewritePlan plan = rewriter.plan(sql, snapshot(Phase.SHADOW), GoldenFixtureAccess.fixture().catalog());
        assertThat(plan.kind()).isEqualTo(StatementKind.MULTIPLE);
        assertThat(plan.statements()).hasSize(3);
        StatementPlan second = plan.statements().get(1);
        assertThat(sql.substring(second.startOffset(), second.endOffset())).isEqualTo("SELECT email_lower FROM users");
        assertThat(plan.statements().get(0).actions()).isEmpty();
        assertThat(plan.statements().get(2).resultFilter().shadowChecks()).hasSize(1);
        assertThat(plan.statements().get(1).resultFilter().isEmpty()).isTrue();
    }

    @Test
    void statementKindAndWriteFlag() {
        var catalog = GoldenFixtureAccess.fixture().catalog();
        RewritePlan update = rewriter.plan("UPDATE users SET email = $1 WHERE id = $2", snapshot(Phase.WRITE), catalog);
        assertThat(update.kind()).isEqualTo(StatementKind.UPDATE);
        assertThat(update.statements().get(0).write()).isTrue();
        RewritePlan cte = rewriter.plan("WITH x AS (DELETE FROM users RETURNING id) SELECT * FROM x",
                snapshot(Phase.WRITE), catalog);
        assertThat(cte.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(cte.statements().get(0).write()).isTrue();
    }

    @Test
    void completeColumnsAreNotEvenParsedFor() {
        RewritePlan plan = rewriter.plan("SELECT email_lower FROM users", snapshot(Phase.COMPLETE),
                GoldenFixtureAccess.fixture().catalog());
        assertThat(plan.kind()).isEqualTo(StatementKind.UNCLASSIFIED);
    }

    @Test
    void aTableMissingFromTheCatalogIsStillManagedByName() {
        RewritePlan plan = rewriter.plan("SELECT email_lower FROM users", snapshot(Phase.HIDDEN),
                dev.phasegate.rewriter.catalog.Catalog.empty());
        assertThat(plan.sql()).isEqualTo("SELECT NULL::text AS email_lower FROM users");
        RewritePlan star = rewriter.plan("SELECT * FROM users", snapshot(Phase.HIDDEN),
                dev.phasegate.rewriter.catalog.Catalog.empty());
        assertThat(star.actions()).extracting(ColumnAction::action).containsExactly(Action.UNPARSED);
    }

    @Test
    void deeplyNestedExpressionsEndInAPlanNotAnError() {
        String nested = "(".repeat(3000) + "email_lower" + ")".repeat(3000);
        RewritePlan plan = rewriter.plan("SELECT " + nested + " FROM users", snapshot(Phase.HIDDEN),
                GoldenFixtureAccess.fixture().catalog());
        assertThat(plan).isNotNull();
        assertThat(plan.touchesManagedColumns()).isTrue();
    }
}
