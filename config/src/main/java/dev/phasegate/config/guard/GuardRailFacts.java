package dev.phasegate.config.guard;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is known, at one moment, about a managed column — the inputs of the guard rails. Each
 * fact is optional: an absent fact makes the rule that needs it report "not yet known" (which
 * refuses the step, like a failed rule, unless forced).
 *
 * @param now                      the moment the facts were gathered (guard rails are pure: no clock)
 * @param schema                   result of comparing the column upstream with its declaration
 * @param enteredWriteAt           when the column last entered {@code write}
 * @param enteredPhaseAt           when the column entered its current phase
 * @param backfillCompletedAt      when the last backfill of the column finished successfully
 * @param verification             the last verification run
 * @param shadow                   live dual-read counters
 * @param sourceReads              reads of the source column recorded by the audit since a moment
 * @param sourceReferences         any reference to the source recorded by the audit since a moment
 * @param reverseBackfillCompletedAt when the last reverse backfill ({@code source = down(new)}) finished
 * @param newOnlyWritesSince       whether writes that set only the new column happened since entering
 *                                 {@code read} (relevant to leaving {@code read} without {@code down})
 */
public record GuardRailFacts(
        Instant now,
        Optional<SchemaFact> schema,
        Optional<Instant> enteredWriteAt,
        Optional<Instant> enteredPhaseAt,
        Optional<Instant> backfillCompletedAt,
        Optional<VerificationFact> verification,
        Optional<ShadowFact> shadow,
        Optional<AuditCount> sourceReads,
        Optional<AuditCount> sourceReferences,
        Optional<Instant> reverseBackfillCompletedAt,
        Optional<Boolean> newOnlyWritesSince) {

    /** Nothing known yet. */
    public static GuardRailFacts none(Instant now) {
        return new GuardRailFacts(now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public GuardRailFacts withSchema(SchemaFact fact) {
        return new GuardRailFacts(now, Optional.of(fact), enteredWriteAt, enteredPhaseAt, backfillCompletedAt, verification, shadow,
                sourceReads, sourceReferences, reverseBackfillCompletedAt, newOnlyWritesSince);
    }

    public GuardRailFacts withEnteredWriteAt(Instant at) {
        return new GuardRailFacts(now, schema, Optional.ofNullable(at), enteredPhaseAt, backfillCompletedAt, verification, shadow,
                sourceReads, sourceReferences, reverseBackfillCompletedAt, newOnlyWritesSince);
    }

    public GuardRailFacts withEnteredPhaseAt(Instant at) {
        return new GuardRailFacts(now, schema, enteredWriteAt, Optional.ofNullable(at), backfillCompletedAt, verification,
                shadow, sourceReads, sourceReferences, reverseBackfillCompletedAt, newOnlyWritesSince);
    }

    public GuardRailFacts withBackfillCompletedAt(Instant at) {
        return new GuardRailFacts(now, schema, enteredWriteAt, enteredPhaseAt, Optional.ofNullable(at), verification, shadow,
                sourceReads, sourceReferences, reverseBackfillCompletedAt, newOnlyWritesSince);
    }

    public GuardRailFacts withVerification(VerificationFact fact) {
        return new GuardRailFacts(now, schema, enteredWriteAt, enteredPhaseAt, backfillCompletedAt, Optional.ofNullable(fact), shadow,
                sourceReads, sourceReferences, reverseBackfillCompletedAt, newOnlyWritesSince);
    }

    public GuardRailFacts withShadow(ShadowFact fact) {
        return new GuardRailFacts(now, schema, enteredWriteAt, enteredPhaseAt, backfillCompletedAt, verification, Optional.ofNullable(fact),
                sourceReads, sourceReferences, reverseBackfillCompletedAt, newOnlyWritesSince);
    }

    public GuardRailFacts withSourceReads(AuditCount count) {
        return new GuardRailFacts(now, schema, enteredWriteAt, enteredPhaseAt, backfillCompletedAt, verification, shadow,
                Optional.ofNullable(count), sourceReferences, reverseBackfillCompletedAt, newOnlyWritesSince);
    }

    public GuardRailFacts withSourceReferences(AuditCount count) {
        return new GuardRailFacts(now, schema, enteredWriteAt, enteredPhaseAt, backfillCompletedAt, verification, shadow,
                sourceReads, Optional.ofNullable(count), reverseBackfillCompletedAt, newOnlyWritesSince);
    }

    public GuardRailFacts withReverseBackfillCompletedAt(Instant at) {
        return new GuardRailFacts(now, schema, enteredWriteAt, enteredPhaseAt, backfillCompletedAt, verification, shadow,
                sourceReads, sourceReferences, Optional.ofNullable(at), newOnlyWritesSince);
    }

    public GuardRailFacts withNewOnlyWritesSince(Boolean happened) {
        return new GuardRailFacts(now, schema, enteredWriteAt, enteredPhaseAt, backfillCompletedAt, verification, shadow,
                sourceReads, sourceReferences, reverseBackfillCompletedAt, Optional.ofNullable(happened));
    }

    /**
     * The column as found upstream compared with its declaration.
     *
     * @param problems one sentence per difference ("type is integer, declared text"); empty when it matches
     */
    public record SchemaFact(boolean exists, List<String> problems) {
        public SchemaFact {
            problems = List.copyOf(problems);
        }

        public boolean passes() {
            return exists && problems.isEmpty();
        }
    }

    /** A verification run: rows where {@code new IS DISTINCT FROM up(source)}. */
    public record VerificationFact(Instant finishedAt, long rowsChecked, long mismatches) {
    }

    /**
     * Live dual-read counters.
     *
     * @param cleanSince       start of the current mismatch-free streak: entering {@code shadow},
     *                         or just after the last mismatch
     * @param cleanReads       shadowed reads checked during that streak
     * @param totalMismatches  mismatches seen since entering {@code shadow}
     */
    public record ShadowFact(Instant cleanSince, long cleanReads, long totalMismatches) {
    }

    /** A count of audit records since a moment (the audit window start, or how far the audit reaches back). */
    public record AuditCount(Instant since, long count) {
    }
}
