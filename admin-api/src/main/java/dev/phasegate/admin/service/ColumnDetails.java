package dev.phasegate.admin.service;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.store.ConfigSeeder;
import dev.phasegate.admin.store.PhaseChange;
import dev.phasegate.admin.store.StoredFact;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailResult;
import dev.phasegate.config.guard.GuardRails;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the API shows about one column.
 *
 * @param column        the column as stored now
 * @param history       its history, oldest first
 * @param countersSince start of the window {@code counters} covers (the audit window, or less when
 *                      the audit does not reach back that far)
 * @param counters      audited statements touching it on this gateway, by action, in that window
 * @param next          the step forward and its guard rails, if there is one
 * @param previous      the step back (rollback) and its guard rails, if there is one
 * @param drift         how the configuration file's declaration differs, if it does
 * @param facts         facts jobs recorded about it, by kind
 */
public record ColumnDetails(ManagedColumn column, List<PhaseChange> history, Instant countersSince,
                            Map<AuditAction, Long> counters, Optional<Step> next, Optional<Step> previous,
                            Optional<ConfigSeeder.Drift> drift, Map<String, StoredFact> facts) {

    public ColumnDetails {
        history = List.copyOf(history);
        counters = Map.copyOf(counters);
        facts = Map.copyOf(facts);
    }

    /** The store's global version after this column's last change. */
    public long storeVersion() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).storeVersion();
    }

    /** A possible step and the guard rails that decide it. */
    public record Step(Phase phase, List<GuardRailResult> guardRails) {
        public Step {
            guardRails = List.copyOf(guardRails);
        }

        /** Whether the step would be taken without {@code force}. */
        public boolean allowed() {
            return GuardRails.allMet(guardRails);
        }
    }
}
