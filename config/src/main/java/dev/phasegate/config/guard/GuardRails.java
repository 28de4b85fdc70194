package dev.phasegate.config.guard;

import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSteps;
import dev.phasegate.config.guard.GuardRailFacts.AuditCount;
import dev.phasegate.config.guard.GuardRailFacts.ShadowFact;
import dev.phasegate.config.guard.GuardRailFacts.VerificationFact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guard rails of DESIGN.md as pure functions of a column, a target phase and the facts known
 * about it. Only legal steps are evaluated here; an illegal step is refused before this (see
 * {@link PhaseSteps}). {@code force} with a reason overrides these results, never legality.
 */
public final class GuardRails {

    public static final String SCHEMA = "schema";
    public static final String BACKFILL = "backfill";
    public static final String VERIFICATION = "verification";
    public static final String SHADOW_READS = "shadow-reads";
    public static final String SOURCE_READS = "source-reads";
    public static final String SOURCE_REFERENCES = "source-references";
    public static final String REVERSE_BACKFILL = "reverse-backfill";

    private GuardRails() {
    }

    /** Every guard rail that applies to moving {@code column} to {@code target}, met or not. */
    public static List<GuardRailResult> evaluate(ManagedColumn column, Phase target, GuardRailFacts facts,
                                                 GuardRailConfig config) {
        return switch (PhaseSteps.classify(column, target)) {
            case FORWARD -> forward(column, target, facts, config);
            case BACKWARD -> backward(column, facts);
            case SAME, ILLEGAL -> List.of();
        };
    }

    /** True when nothing in {@code results} refuses the step. */
    public static boolean allMet(List<GuardRailResult> results) {
        return results.stream().noneMatch(GuardRailResult::blocks);
    }

    private static List<GuardRailResult> forward(ManagedColumn column, Phase target, GuardRailFacts facts,
                                                 GuardRailConfig config) {
        List<GuardRailResult> results = new ArrayList<>();
        switch (target) {
            case WRITE -> results.add(schema(column, facts));
            case SHADOW -> results.add(backfill(column, facts));
            case READ -> {
                if (!column.hasSource()) {
                    // A pure addition skips shadow: its backfill is checked here instead.
                    results.add(backfill(column, facts));
                }
                results.add(verification(column, facts));
                if (column.hasSource()) {
                    results.add(shadowReads(facts, config));
                }
            }
            case CONTRACT -> results.add(sourceReads(column, facts, config));
            case COMPLETE -> results.add(sourceReferences(column, facts, config));
            case HIDDEN -> {
                // Nothing moves forward into hidden.
            }
        }
        return List.copyOf(results);
    }

    private static List<GuardRailResult> backward(ManagedColumn column, GuardRailFacts facts) {
        if (column.phase() == Phase.CONTRACT) {
            return List.of(reverseBackfill(column, facts,
                    "in contract the source was not written; leaving it needs source = down(new) filled first"));
        }
        if (column.phase() == Phase.READ && column.downExpression().isEmpty()) {
            Optional<Boolean> newOnly = facts.newOnlyWritesSince();
            if (newOnly.isEmpty()) {
                return List.of(GuardRailResult.unknown(REVERSE_BACKFILL, "whether writes set only " + column.name()
                        + " since entering read is not known, and without down they cannot be copied back to "
                        + column.source()));
            }
            if (newOnly.get()) {
                return List.of(GuardRailResult.unmet(REVERSE_BACKFILL, "writes set only " + column.name()
                        + " since entering read and " + column.id() + " has no down expression to copy them back to "
                        + column.source() + "; declare down and run a reverse backfill, or force"));
            }
            return List.of(GuardRailResult.met(REVERSE_BACKFILL, "no write set only " + column.name()
                    + " since entering read"));
        }
        return List.of();
    }

    private static GuardRailResult schema(ManagedColumn column, GuardRailFacts facts) {
        if (facts.schema().isEmpty()) {
            return GuardRailResult.unknown(SCHEMA, "the upstream schema of " + column.id() + " has not been checked");
        }
        GuardRailFacts.SchemaFact schema = facts.schema().get();
        if (!schema.exists()) {
            return GuardRailResult.unmet(SCHEMA, column.id() + " does not exist upstream; add it first (ALTER TABLE "
                    + column.id().tableName().toSql() + " ADD COLUMN " + column.name() + " " + column.type() + ")");
        }
        if (!schema.problems().isEmpty()) {
            return GuardRailResult.unmet(SCHEMA, String.join("; ", schema.problems()));
        }
        return GuardRailResult.met(SCHEMA, column.id() + " exists upstream as declared (" + column.type() + ")");
    }

    private static GuardRailResult backfill(ManagedColumn column, GuardRailFacts facts) {
        if (column.upExpression().isEmpty()) {
            return GuardRailResult.met(BACKFILL, "nothing to backfill: " + column.id() + " has neither source nor up");
        }
        Optional<Instant> done = facts.backfillCompletedAt();
        Optional<Instant> enteredWrite = facts.enteredWriteAt();
        if (done.isEmpty()) {
            return GuardRailResult.unmet(BACKFILL, "no completed backfill of " + column.id()
                    + "; run POST /api/v1/columns/" + column.id() + "/backfill");
        }
        if (enteredWrite.isEmpty()) {
            return GuardRailResult.unknown(BACKFILL, "when " + column.id() + " entered write is not known, so the "
                    + "backfill of " + done.get() + " cannot be shown to cover every row");
        }
        if (done.get().isBefore(enteredWrite.get())) {
            return GuardRailResult.unmet(BACKFILL, "the last backfill finished at " + done.get() + ", before "
                    + column.id() + " entered write at " + enteredWrite.get() + "; rows written in between may be "
                    + "missing: run the backfill again");
        }
        return GuardRailResult.met(BACKFILL, "backfill completed at " + done.get() + ", after entering write at "
                + enteredWrite.get());
    }

    private static GuardRailResult verification(ManagedColumn column, GuardRailFacts facts) {
        if (column.upExpression().isEmpty()) {
            return GuardRailResult.met(VERIFICATION, "nothing to verify: " + column.id() + " has neither source nor up");
        }
        if (facts.verification().isEmpty()) {
            return GuardRailResult.unmet(VERIFICATION, "no verification of " + column.id()
                    + "; run POST /api/v1/columns/" + column.id() + "/verify");
        }
        VerificationFact v = facts.verification().get();
        Optional<Instant> backfill = facts.backfillCompletedAt();
        if (backfill.isPresent() && v.finishedAt().isBefore(backfill.get())) {
            return GuardRailResult.unmet(VERIFICATION, "the last verification (" + v.finishedAt()
                    + ") is older than the last backfill (" + backfill.get() + "); verify again");
        }
        if (v.mismatches() > 0) {
            return GuardRailResult.unmet(VERIFICATION, "the last verification (" + v.finishedAt() + ") found "
                    + v.mismatches() + " of " + v.rowsChecked() + " rows where " + column.name()
                    + " differs from up(" + (column.source() == null ? "row" : column.source()) + ")");
        }
        return GuardRailResult.met(VERIFICATION, "verification at " + v.finishedAt() + " found 0 mismatches in "
                + v.rowsChecked() + " rows");
    }

    private static GuardRailResult shadowReads(GuardRailFacts facts, GuardRailConfig config) {
        if (facts.shadow().isEmpty()) {
            return GuardRailResult.unknown(SHADOW_READS, "no shadow-read counters are known");
        }
        ShadowFact shadow = facts.shadow().get();
        Duration clean = Duration.between(shadow.cleanSince(), facts.now());
        boolean longEnough = clean.compareTo(config.shadowWindow()) >= 0;
        boolean enoughReads = shadow.cleanReads() >= config.shadowMinReads();
        String observed = shadow.cleanReads() + " shadowed reads over " + human(clean) + " without a mismatch ("
                + shadow.totalMismatches() + " mismatches since entering shadow)";
        if (longEnough && enoughReads) {
            return GuardRailResult.met(SHADOW_READS, observed);
        }
        return GuardRailResult.unmet(SHADOW_READS, observed + "; need " + human(config.shadowWindow()) + " and "
                + config.shadowMinReads() + " reads without a mismatch");
    }

    private static GuardRailResult sourceReads(ManagedColumn column, GuardRailFacts facts, GuardRailConfig config) {
        if (column.downExpression().isPresent()) {
            return GuardRailResult.met(SOURCE_READS, "down is defined, so reads of " + column.source()
                    + " can be served as down(" + column.name() + ")");
        }
        return auditQuiet(SOURCE_READS, "read " + column.source(), facts.sourceReads(), facts.now(), config,
                "or declare down");
    }

    private static GuardRailResult sourceReferences(ManagedColumn column, GuardRailFacts facts,
                                                    GuardRailConfig config) {
        if (!column.hasSource()) {
            return GuardRailResult.met(SOURCE_REFERENCES, column.id() + " is a pure addition: no source to retire");
        }
        return auditQuiet(SOURCE_REFERENCES, "referenced " + column.source(), facts.sourceReferences(), facts.now(),
                config, "change the applications first");
    }

    private static GuardRailResult auditQuiet(String rule, String what, Optional<AuditCount> count, Instant now,
                                              GuardRailConfig config, String advice) {
        if (count.isEmpty()) {
            return GuardRailResult.unknown(rule, "the audit cannot tell whether statements " + what);
        }
        AuditCount c = count.get();
        Instant windowStart = now.minus(config.auditWindow());
        if (c.count() > 0) {
            return GuardRailResult.unmet(rule, c.count() + " statements " + what + " since " + c.since() + "; "
                    + advice);
        }
        if (c.since().isAfter(windowStart)) {
            return GuardRailResult.unmet(rule, "the audit only reaches back to " + c.since() + ", less than the "
                    + human(config.auditWindow()) + " window; wait or force");
        }
        return GuardRailResult.met(rule, "no statement " + what + " in the last " + human(config.auditWindow()));
    }

    private static GuardRailResult reverseBackfill(ManagedColumn column, GuardRailFacts facts, String why) {
        Optional<Instant> done = facts.reverseBackfillCompletedAt();
        Optional<Instant> entered = facts.enteredPhaseAt();
        if (done.isEmpty()) {
            return GuardRailResult.unmet(REVERSE_BACKFILL, why + "; run POST /api/v1/columns/" + column.id()
                    + "/backfill with {\"reverse\": true}");
        }
        if (entered.isPresent() && done.get().isBefore(entered.get())) {
            return GuardRailResult.unmet(REVERSE_BACKFILL, "the last reverse backfill (" + done.get()
                    + ") is older than entering " + column.phase() + " (" + entered.get() + "); run it again");
        }
        return GuardRailResult.met(REVERSE_BACKFILL, "reverse backfill completed at " + done.get());
    }

    private static String human(Duration d) {
        if (d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
            return d.toHours() + "h";
        }
        if (d.toMinutes() > 0 && d.toSecondsPart() == 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }
}
