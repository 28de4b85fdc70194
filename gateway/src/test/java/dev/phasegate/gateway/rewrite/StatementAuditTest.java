package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditColumn;
import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.catalog.Catalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the audit flags the guard rails count against real plans of the rewriter, so a change in
 * how the rewriter describes its actions shows up here rather than as a guard rail that opens too
 * early.
 */
class StatementAuditTest {

    static final ColumnId ID = ColumnId.parse("public.users.email_lower");
    static final Catalog CATALOG = Catalog.builder(1)
            .table("public", "users", "id bigint", "email text", "name text", "email_lower text").build();
    private final SqlRewriter rewriter = new SqlRewriter(RewriterConfig.DEFAULTS);

    static PhaseSnapshot snapshot(Phase phase, String down) {
        return new PhaseSnapshot(phase.ordinal() + 1, List.of(new ManagedColumn(ID, "text", "email", "lower(email)",
                down, null, phase, 1)));
    }

    private StatementAudit audit(String sql, Phase phase) {
        return audit(sql, phase, "email_lower");
    }

    private StatementAudit audit(String sql, Phase phase, String down) {
        PhaseSnapshot snapshot = snapshot(phase, down);
        RewritePlan plan = rewriter.planUncached(sql, snapshot, CATALOG);
        if (plan instanceof RewritePlan.Rejected) {
            return StatementAudit.rejected(plan.actions(), snapshot);
        }
        return StatementAudit.of(plan.statements().get(0), snapshot);
    }

    private static AuditColumn column(StatementAudit audit) {
        assertThat(audit.columns()).hasSize(1);
        return audit.columns().get(0);
    }

    @Test
    void theMemoServesEveryStatementFilledFromOneShapeAndRecomputesUnderANewSnapshot() {
        PhaseSnapshot write = snapshot(Phase.WRITE, "email_lower");
        StatementAudit.Memo memo = new StatementAudit.Memo();
        RewritePlan first = rewriter.plan("UPDATE users SET email = 'a@b' WHERE id = 1", write, CATALOG);
        RewritePlan second = rewriter.plan("UPDATE users SET email = 'c@d' WHERE id = 2", write, CATALOG);
        RewritePlan third = rewriter.plan("UPDATE users SET email = 'e@f' WHERE id = 3", write, CATALOG);
        // The first statement proved the shape; the next ones are filled from it and share its actions.
        assertThat(third.statements().get(0).actions()).isSameAs(second.statements().get(0).actions());

        StatementAudit audit = memo.of(second.statements().get(0), write);
        assertThat(memo.of(third.statements().get(0), write)).isSameAs(audit);
        assertThat(audit).isEqualTo(StatementAudit.of(first.statements().get(0), write));
        assertThat(column(audit).writesSource()).isTrue();

        PhaseSnapshot shadow = snapshot(Phase.SHADOW, "email_lower");
        StatementAudit underShadow = memo.of(third.statements().get(0), shadow);
        assertThat(underShadow).isNotSameAs(audit)
                .isEqualTo(StatementAudit.of(third.statements().get(0).actions(), true, shadow));
        assertThat(memo.of(rewriter.plan("SELECT id FROM users", write, CATALOG).statements().get(0), write))
                .isSameAs(StatementAudit.NONE);
    }

    @Test
    void readsOfTheSourceCountInEveryPhaseButThroughTheStarInContract() {
        for (Phase phase : List.of(Phase.HIDDEN, Phase.WRITE, Phase.SHADOW, Phase.READ)) {
            assertThat(column(audit("SELECT * FROM users", phase)).readsSource()).as(phase.wireName()).isTrue();
            assertThat(column(audit("SELECT email FROM users WHERE id = $1", phase)).readsSource()).isTrue();
        }
        assertThat(audit("SELECT * FROM users", Phase.CONTRACT).columns())
                .allSatisfy(c -> assertThat(c.readsSource()).isFalse());
        StatementAudit throughDown = audit("SELECT email FROM users WHERE id = $1", Phase.CONTRACT);
        assertThat(column(throughDown).readsSource()).isTrue();
        assertThat(throughDown.action()).isEqualTo(AuditAction.REWRITTEN);
    }

    @Test
    void writesOfTheSourceCount() {
        StatementAudit update = audit("UPDATE users SET email = $1 WHERE id = $2", Phase.WRITE);
        assertThat(column(update).writesSource()).isTrue();
        assertThat(update.action()).isEqualTo(AuditAction.REWRITTEN);
        assertThat(column(audit("INSERT INTO users (id, email) VALUES ($1, $2)", Phase.HIDDEN)).writesSource())
                .isTrue();
        assertThat(column(audit("UPDATE users SET email = $1 WHERE id = $2", Phase.CONTRACT)).writesSource())
                .isTrue();
    }

    @Test
    void aWriteOfTheNewColumnAloneWithoutDownIsNewOnly() {
        AuditColumn c = column(audit("INSERT INTO users (id, email_lower) VALUES ($1, $2)", Phase.READ, null));
        assertThat(c.newOnlyWrite()).isTrue();
        assertThat(c.writesSource()).isFalse();
        assertThat(column(audit("INSERT INTO users (id, email_lower) VALUES ($1, $2)", Phase.READ)).newOnlyWrite())
                .isFalse();
    }

    @Test
    void statementsGetTheirMostSignificantAction() {
        assertThat(audit("SELECT id, email FROM users", Phase.SHADOW).action()).isEqualTo(AuditAction.SHADOWED);
        assertThat(audit("SELECT email_lower FROM users", Phase.HIDDEN).action()).isEqualTo(AuditAction.DEFAULTED);
        assertThat(audit("UPDATE users SET email_lower = $1", Phase.HIDDEN).action()).isEqualTo(AuditAction.STRIPPED);
        assertThat(audit("SELECT email_lower FROM users", Phase.READ).action()).isEqualTo(AuditAction.PASSED);
        assertThat(audit("SELECT id, name FROM users", Phase.SHADOW).isEmpty()).isTrue();
        assertThat(audit("SELECT email FROM users", Phase.COMPLETE).isEmpty()).isTrue();
    }

    @Test
    void aRefusedStatementSetsNoFlag() {
        StatementAudit refused = audit("INSERT INTO users (id, email) SELECT * FROM (VALUES (1, 'x')) v", Phase.WRITE);
        assertThat(refused.action()).isEqualTo(AuditAction.REJECTED);
        assertThat(refused.columns()).allSatisfy(c -> {
            assertThat(c.readsSource()).isFalse();
            assertThat(c.writesSource()).isFalse();
        });
    }
}
