package dev.phasegate.config.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailFacts.AuditCount;
import dev.phasegate.config.guard.GuardRailFacts.SchemaFact;
import dev.phasegate.config.guard.GuardRailFacts.ShadowFact;
import dev.phasegate.config.guard.GuardRailFacts.VerificationFact;
import dev.phasegate.config.guard.GuardRailResult.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardRailsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final GuardRailConfig CONFIG = new GuardRailConfig(Duration.ofMinutes(10), 1000, Duration.ofMinutes(10));
    private static final ColumnId ID = ColumnId.parse("public.users.email_lower");

    private static ManagedColumn column(Phase phase, String down) {
        return new ManagedColumn(ID, "text", "email", "lower(email)", down, null, phase, 1);
    }

    private static List<GuardRailResult> check(ManagedColumn column, Phase target, GuardRailFacts facts) {
        return GuardRails.evaluate(column, target, facts, CONFIG);
    }

    @Test
    void writeNeedsTheColumnUpstream() {
        GuardRailFacts none = GuardRailFacts.none(NOW);
        assertThat(check(column(Phase.HIDDEN, null), Phase.WRITE, none)).singleElement()
                .extracting(GuardRailResult::status).isEqualTo(Status.UNKNOWN);
        List<GuardRailResult> missing = check(column(Phase.HIDDEN, null), Phase.WRITE,
                none.withSchema(new SchemaFact(false, List.of())));
        assertThat(missing.get(0).message()).contains("does not exist upstream").contains("ADD COLUMN email_lower text");
        assertThat(GuardRails.allMet(check(column(Phase.HIDDEN, null), Phase.WRITE,
                none.withSchema(new SchemaFact(true, List.of()))))).isTrue();
    }

    @Test
    void shadowNeedsABackfillNewerThanEnteringWrite() {
        GuardRailFacts facts = GuardRailFacts.none(NOW).withEnteredWriteAt(NOW.minusSeconds(600))
                .withBackfillCompletedAt(NOW.minusSeconds(900));
        assertThat(check(column(Phase.WRITE, null), Phase.SHADOW, facts).get(0).message())
                .contains("before public.users.email_lower entered write");
        assertThat(GuardRails.allMet(check(column(Phase.WRITE, null), Phase.SHADOW,
                facts.withBackfillCompletedAt(NOW.minusSeconds(60))))).isTrue();
    }

    @Test
    void readNeedsCleanVerificationAndCleanShadowWindow() {
        GuardRailFacts facts = GuardRailFacts.none(NOW).withBackfillCompletedAt(NOW.minusSeconds(3600))
                .withVerification(new VerificationFact(NOW.minusSeconds(1800), 1000, 0))
                .withShadow(new ShadowFact(NOW.minusSeconds(700), 5000, 3));
        assertThat(GuardRails.allMet(check(column(Phase.SHADOW, null), Phase.READ, facts))).isTrue();

        List<GuardRailResult> tooFewReads = check(column(Phase.SHADOW, null), Phase.READ,
                facts.withShadow(new ShadowFact(NOW.minusSeconds(700), 10, 0)));
        assertThat(tooFewReads).filteredOn(GuardRailResult::blocks).singleElement()
                .extracting(GuardRailResult::message).asString().contains("need 10m and 1000 reads");

        List<GuardRailResult> mismatches = check(column(Phase.SHADOW, null), Phase.READ,
                facts.withVerification(new VerificationFact(NOW.minusSeconds(1800), 1000, 7)));
        assertThat(mismatches).filteredOn(GuardRailResult::blocks).singleElement()
                .extracting(GuardRailResult::message).asString().contains("found 7 of 1000 rows");
    }

    @Test
    void contractNeedsDownOrQuietSource() {
        GuardRailFacts facts = GuardRailFacts.none(NOW);
        assertThat(GuardRails.allMet(check(column(Phase.READ, "email_lower"), Phase.CONTRACT, facts))).isTrue();
        assertThat(check(column(Phase.READ, null), Phase.CONTRACT,
                facts.withSourceReads(new AuditCount(NOW.minusSeconds(3600), 4))).get(0).message())
                .contains("4 statements read email");
        assertThat(GuardRails.allMet(check(column(Phase.READ, null), Phase.CONTRACT,
                facts.withSourceReads(new AuditCount(NOW.minusSeconds(3600), 0))))).isTrue();
        assertThat(check(column(Phase.READ, null), Phase.CONTRACT,
                facts.withSourceReads(new AuditCount(NOW.minusSeconds(60), 0))).get(0).message())
                .contains("only reaches back");
    }

    @Test
    void leavingContractNeedsAReverseBackfill() {
        GuardRailFacts facts = GuardRailFacts.none(NOW).withEnteredPhaseAt(NOW.minusSeconds(100));
        assertThat(check(column(Phase.CONTRACT, "email_lower"), Phase.READ, facts).get(0).status())
                .isEqualTo(Status.UNMET);
        assertThat(GuardRails.allMet(check(column(Phase.CONTRACT, "email_lower"), Phase.READ,
                facts.withReverseBackfillCompletedAt(NOW.minusSeconds(10))))).isTrue();
    }

    @Test
    void safeBackStepsHaveNoGuardRails() {
        assertThat(check(column(Phase.SHADOW, null), Phase.WRITE, GuardRailFacts.none(NOW))).isEmpty();
        assertThat(check(column(Phase.HIDDEN, null), Phase.READ, GuardRailFacts.none(NOW))).isEmpty();
    }
}
