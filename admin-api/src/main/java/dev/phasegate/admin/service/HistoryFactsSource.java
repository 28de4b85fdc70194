package dev.phasegate.admin.service;

import dev.phasegate.admin.store.PhaseChange;
import dev.phasegate.admin.store.PhaseStore;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailFacts;
import java.util.List;

/**
 * Phase-entry times from the column's history: when it last entered {@code write} and when it
 * entered its current phase.
 */
public final class HistoryFactsSource implements GuardRailFactsSource {

    private final PhaseStore store;

    public HistoryFactsSource(PhaseStore store) {
        this.store = store;
    }

    @Override
    public GuardRailFacts contribute(ManagedColumn column, GuardRailFacts facts) {
        List<PhaseChange> history = store.history(column.id());
        // Only the current registration: a column deleted and registered again starts afresh.
        int start = 0;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).kind() == PhaseChange.Kind.REGISTER) {
                start = i;
            }
        }
        GuardRailFacts result = facts;
        for (int i = history.size() - 1; i >= start; i--) {
            PhaseChange change = history.get(i);
            if (change.to() == Phase.WRITE && change.kind() != PhaseChange.Kind.DELETE) {
                result = result.withEnteredWriteAt(change.at());
                break;
            }
        }
        for (int i = history.size() - 1; i >= start; i--) {
            PhaseChange change = history.get(i);
            if (change.kind() != PhaseChange.Kind.DELETE) {
                if (change.to() == column.phase()) {
                    result = result.withEnteredPhaseAt(change.at());
                }
                break;
            }
        }
        return result;
    }
}
