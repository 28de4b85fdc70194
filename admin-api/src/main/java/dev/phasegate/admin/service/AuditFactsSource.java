package dev.phasegate.admin.service;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditCounters;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailFacts;
import java.time.Instant;
import java.util.Optional;

/**
 * Facts from this gateway's audit counts: reads and references of the source over the audit
 * window, the shadow-read streak, and writes that set only the new column since entering
 * {@code read}. Counts cover only what the audit saw completely (see {@link AuditLog#coverageStart()});
 * the {@code since} of each count says so and the guard rails refuse windows not fully covered.
 *
 * <p>Needs {@code enteredPhaseAt} from an earlier source (the history) for the shadow and
 * new-only-write facts.
 */
public final class AuditFactsSource implements GuardRailFactsSource {

    private final AuditLog audit;
    private final GuardRailConfig config;

    public AuditFactsSource(AuditLog audit, GuardRailConfig config) {
        this.audit = audit;
        this.config = config;
    }

    @Override
    public GuardRailFacts contribute(ManagedColumn column, GuardRailFacts facts) {
        AuditCounters counters = audit.counters();
        Instant coverage = audit.coverageStart();
        Instant windowStart = facts.now().minus(config.auditWindow());
        Instant since = later(windowStart, coverage);
        GuardRailFacts result = facts
                .withSourceReads(new GuardRailFacts.AuditCount(since,
                        counters.countSince(column.id(), AuditCounters.Usage.SOURCE_READ, since)))
                .withSourceReferences(new GuardRailFacts.AuditCount(since,
                        counters.countSince(column.id(), AuditCounters.Usage.SOURCE_REFERENCE, since)));

        Optional<Instant> entered = facts.enteredPhaseAt();
        if (column.phase() == Phase.SHADOW && entered.isPresent()) {
            Instant enteredShadow = entered.get();
            Optional<Instant> lastMismatch = counters.last(column.id(), AuditAction.SHADOW_MISMATCH)
                    .filter(t -> !t.isBefore(enteredShadow));
            Instant cleanSince = later(enteredShadow, coverage);
            long cleanReads;
            if (lastMismatch.isPresent() && !lastMismatch.get().isBefore(cleanSince)) {
                cleanSince = lastMismatch.get();
                cleanReads = counters.countAfter(column.id(), AuditAction.SHADOWED, cleanSince);
            } else {
                cleanReads = counters.countSince(column.id(), AuditAction.SHADOWED, cleanSince);
            }
            long mismatches = counters.countSince(column.id(), AuditAction.SHADOW_MISMATCH, enteredShadow);
            result = result.withShadow(new GuardRailFacts.ShadowFact(cleanSince, cleanReads, mismatches));
        }
        if (column.phase() == Phase.READ && entered.isPresent() && !coverage.isAfter(entered.get())) {
            // Only when the audit saw everything since entering read can "none" be trusted.
            long newOnly = counters.countSince(column.id(), AuditCounters.Usage.NEW_ONLY_WRITE, entered.get());
            result = result.withNewOnlyWritesSince(newOnly > 0);
        }
        return result;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
