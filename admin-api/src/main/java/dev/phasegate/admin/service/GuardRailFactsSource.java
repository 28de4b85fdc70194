package dev.phasegate.admin.service;

import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.guard.GuardRailFacts;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contributes what one part of the system knows about a column to the facts the guard rails
 * judge. Sources are composed in order, each seeing what earlier ones added (the audit source uses
 * the phase-entry times the history source found). A source that knows nothing leaves a fact
 * absent; the rule that needs it then reports "not yet known", which refuses the step unless forced.
 *
 * <p>Owned here: {@link HistoryFactsSource} (entered write / entered phase) and
 * {@link AuditFactsSource} (source reads and references, shadow counters, new-only writes). The jobs
 * contribute schema, backfill, verification and reverse-backfill facts through the same interface.
 */
@FunctionalInterface
public interface GuardRailFactsSource {

    /**
     * @return {@code facts} with what this source knows about {@code column} added (via the withers)
     */
    GuardRailFacts contribute(ManagedColumn column, GuardRailFacts facts);

    /** A source that knows nothing. */
    static GuardRailFactsSource none() {
        return (column, facts) -> facts;
    }

    /**
     * The sources applied in order. A source that throws is logged and skipped: its facts stay
     * unknown (and the rules needing them refuse) instead of failing the whole request.
     */
    static GuardRailFactsSource compose(List<GuardRailFactsSource> sources) {
        List<GuardRailFactsSource> copy = List.copyOf(sources);
        Logger log = LoggerFactory.getLogger(GuardRailFactsSource.class);
        return (column, facts) -> {
            GuardRailFacts result = facts;
            for (GuardRailFactsSource source : copy) {
                try {
                    result = source.contribute(column, result);
                } catch (RuntimeException e) {
                    log.warn("Guard-rail facts source {} failed for {}; its facts stay unknown: {}",
                            source.getClass().getSimpleName(), column.id(), e.toString());
                }
            }
            return result;
        };
    }

    static GuardRailFactsSource compose(GuardRailFactsSource... sources) {
        return compose(List.of(sources));
    }
}
