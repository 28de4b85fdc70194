package dev.phasegate.admin.service;

import dev.phasegate.admin.audit.AuditCounts;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailFacts;
import java.time.Instant;
import java.util.Optional;

/**
 * Facts from the audit counts — this gateway's ({@link AuditLog#counts()}) or every gateway's
 * ({@link dev.phasegate.admin.audit.SharedAuditCounts}): reads and references of the source over
 * the audit window, the shadow-read streak, and writes that set only the new column since entering
 * {@code read}. Counts cover only what the audit saw completely ({@link AuditCounts#coverageStart()});
 * the {@code since} of each count says so and the guard rails refuse windows not fully covered.
 * When the counts cannot be trusted at all, the facts stay unknown.
 *
 * <p>Needs {@code enteredPhaseAt} from an earlier source (the history) for the shadow and
 * new-only-write facts.
 */
public final class AuditFactsSource implements GuardRailFactsSource {

    private final AuditCounts counters;
    private final GuardRailConfig config;

    public AuditFactsSource(AuditCounts counts, GuardRailConfig config) {
        this.counters = counts;
        this.config = config;
    }

    @Override
    public GuardRailFacts contribute(ManagedColumn column, GuardRailFacts facts) {
        Optional<Instant> covered = counters.coverageStart();
        if (covered.isEmpty()) {
            return facts;
        }
        Instant coverage = covered.get();
        Instant windowStart = facts.now().minus(config.auditWindow());
        Instant since = later(windowStart, coverage);
        GuardRailFacts result = facts
                .withSourceReads(new GuardRailFacts.AuditCount(since,
                        counters.countSince(column.id(), AuditCounts.Kind.SOURCE_READ, since)))
                .withSourceReferences(new GuardRailFacts.AuditCount(since,
                        counters.countSince(column.id(), AuditCounts.Kind.SOURCE_REFERENCE, since)));

        Optional<Instant> entered = facts.enteredPhaseAt();
        if (column.phase() == Phase.SHADOW && entered.isPresent()) {
            Instant enteredShadow = entered.get();
            Optional<Instant> lastMismatch = counters.last(column.id(), AuditCounts.Kind.SHADOW_MISMATCH)
                    .filter(t -> !t.isBefore(enteredShadow));
            Instant cleanSince = later(enteredShadow, coverage);
            long cleanReads;
            if (lastMismatch.isPresent() && !lastMismatch.get().isBefore(cleanSince)) {
                cleanSince = lastMismatch.get();
                cleanReads = counters.countAfter(column.id(), AuditCounts.Kind.SHADOWED, cleanSince);
            } else {
                cleanReads = counters.countSince(column.id(), AuditCounts.Kind.SHADOWED, cleanSince);
            }
            long mismatches = counters.countSince(column.id(), AuditCounts.Kind.SHADOW_MISMATCH, enteredShadow);
            result = result.withShadow(new GuardRailFacts.ShadowFact(cleanSince, cleanReads, mismatches));
        }
        if (column.phase() == Phase.READ && entered.isPresent() && !coverage.isAfter(entered.get())) {
            // Only when the audit saw everything since entering read can "none" be trusted.
            long newOnly = counters.countSince(column.id(), AuditCounts.Kind.NEW_ONLY_WRITE, entered.get());
            result = result.withNewOnlyWritesSince(newOnly > 0);
        }
        return result;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
