package dev.phasegate.admin.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real store with single behaviours overridden, to inject faults a real database cannot produce on demand. */
class ForwardingStore implements PhaseStore {

    private final PhaseStore delegate;

    ForwardingStore(PhaseStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public PhaseSnapshot load() {
        return delegate.load();
    }

    @Override
    public long currentVersion() {
        return delegate.currentVersion();
    }

    @Override
    public Optional<ManagedColumn> find(ColumnId id) {
        return delegate.find(id);
    }

    @Override
    public ManagedColumn register(ManagedColumn column, ChangeNote note) {
        return delegate.register(column, note);
    }

    @Override
    public ManagedColumn changePhase(ColumnId id, long expectedVersion, Phase target, ChangeNote note) {
        return delegate.changePhase(id, expectedVersion, target, note);
    }

    @Override
    public void delete(ColumnId id, long expectedVersion, ChangeNote note) {
        delegate.delete(id, expectedVersion, note);
    }

    @Override
    public List<PhaseChange> history(ColumnId id) {
        return delegate.history(id);
    }

    @Override
    public void putFact(ColumnId id, String kind, JsonNode value) {
        delegate.putFact(id, kind, value);
    }

    @Override
    public Optional<StoredFact> fact(ColumnId id, String kind) {
        return delegate.fact(id, kind);
    }

    @Override
    public Map<String, StoredFact> facts(ColumnId id) {
        return delegate.facts(id);
    }

    @Override
    public ChangeSignal openChangeSignal() {
        return delegate.openChangeSignal();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        // The test closes the real store.
    }
}
