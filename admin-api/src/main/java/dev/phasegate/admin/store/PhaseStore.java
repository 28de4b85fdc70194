package dev.phasegate.admin.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable phase state: the managed columns with their phase and version, the history of every
 * change, and per-column facts recorded by jobs (backfill progress, verification results).
 *
 * <p>Every change to a column bumps the store's <em>global</em> version, which is the version of
 * the {@link PhaseSnapshot} that {@link #load()} returns; a snapshot with a higher version always
 * reflects every change of a lower one. Column changes use optimistic locking on the column's own
 * version: the caller passes the version it read and a concurrent change is reported as a
 * {@link PhaseStoreException.VersionConflict} instead of being overwritten.
 *
 * <p>The store is persistence, not policy: it does not check that a step is legal or safe (the
 * column service does), only that the column exists and was not changed meanwhile.
 *
 * <p>All methods may throw {@link PhaseStoreException.Unavailable} when the store cannot be reached.
 */
public interface PhaseStore extends AutoCloseable {

    /** Every managed column, as one consistent snapshot whose version is the store's global version. */
    PhaseSnapshot load();

    /** The store's global version, cheaply: what {@link #load()} would return as version right now. */
    long currentVersion();

    /** One column as stored now (not from a snapshot). */
    Optional<ManagedColumn> find(ColumnId id);

    /**
     * Adds a column in the phase it declares, with column version 1, and records a
     * {@link PhaseChange.Kind#REGISTER} history entry.
     *
     * @return the column as stored
     * @throws PhaseStoreException.AlreadyExists when a column with this id is stored
     */
    ManagedColumn register(ManagedColumn column, ChangeNote note);

    /**
     * Moves a column to {@code target} if its stored version is still {@code expectedVersion};
     * increments the column version and the global version and appends to the history.
     *
     * @return the column as stored after the change
     * @throws PhaseStoreException.UnknownColumn    when no such column is stored
     * @throws PhaseStoreException.VersionConflict  when the column changed since it was read
     */
    ManagedColumn changePhase(ColumnId id, long expectedVersion, Phase target, ChangeNote note);

    /**
     * Removes a column (its facts too; its history stays, ending in a {@link PhaseChange.Kind#DELETE}
     * entry) if its stored version is still {@code expectedVersion}.
     */
    void delete(ColumnId id, long expectedVersion, ChangeNote note);

    /** The history of a column, oldest first; kept after the column is deleted. */
    List<PhaseChange> history(ColumnId id);

    /**
     * Records a fact about a column under {@code kind} (replacing an older one of that kind).
     * Facts do not change the snapshot version: they feed guard rails and job state, not rewriting.
     * Facts of a column are removed with the column.
     */
    void putFact(ColumnId id, String kind, JsonNode value);

    Optional<StoredFact> fact(ColumnId id, String kind);

    /** Every fact of a column, by kind. */
    Map<String, StoredFact> facts(ColumnId id);

    /**
     * Opens a source of change signals from other writers (e.g. {@code LISTEN}), or returns
     * {@link ChangeSignal#NONE} when the store has none and must be polled.
     */
    ChangeSignal openChangeSignal();

    /** A short description for logs and {@code /health}: {@code database jdbc:postgresql://…} or {@code file …}. */
    String describe();

    @Override
    void close();
}
