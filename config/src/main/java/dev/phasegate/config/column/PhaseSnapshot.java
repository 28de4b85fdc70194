package dev.phasegate.config.column;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable, versioned view of every managed column. The data path reads the current snapshot
 * through a volatile reference without locks; a phase change publishes a new snapshot with a
 * higher version. Plans are cached by (SQL text, snapshot version), so the version must change
 * whenever anything a rewrite depends on changes.
 */
public final class PhaseSnapshot {

    private static final PhaseSnapshot EMPTY = new PhaseSnapshot(0, List.of());

    private final long version;
    private final Map<ColumnId, ManagedColumn> columns;
    private final Map<TableName, List<ManagedColumn>> byTable;
    private final Set<String> tableNames;

    public PhaseSnapshot(long version, Collection<ManagedColumn> columns) {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
        this.version = version;
        Map<ColumnId, ManagedColumn> byId = new TreeMap<>();
        Map<TableName, List<ManagedColumn>> tables = new TreeMap<>();
        for (ManagedColumn column : columns) {
            if (byId.put(column.id(), column) != null) {
                throw new IllegalArgumentException("column " + column.id() + " is declared twice");
            }
            tables.computeIfAbsent(column.id().tableName(), t -> new ArrayList<>()).add(column);
        }
        tables.replaceAll((t, list) -> List.copyOf(list));
        this.columns = Collections.unmodifiableMap(byId);
        this.byTable = Collections.unmodifiableMap(tables);
        this.tableNames = byId.values().stream()
                .filter(column -> column.phase() != Phase.COMPLETE)
                .map(column -> column.id().table())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public static PhaseSnapshot empty() {
        return EMPTY;
    }

    public long version() {
        return version;
    }

    public Collection<ManagedColumn> columns() {
        return columns.values();
    }

    public Optional<ManagedColumn> column(ColumnId id) {
        return Optional.ofNullable(columns.get(id));
    }

    /** Managed columns of a table, in id order; empty when the table has none. */
    public List<ManagedColumn> columnsOf(TableName table) {
        return byTable.getOrDefault(table, List.of());
    }

    public Set<TableName> managedTables() {
        return byTable.keySet();
    }

    /**
     * Bare table names (without schema) of every table that has a managed column still under
     * the gateway's care (not {@code complete}); what the pre-filter looks for in statement text.
     */
    public Set<String> managedTableNames() {
        return tableNames;
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    /** A new snapshot with this column added or replaced, one version higher. */
    public PhaseSnapshot with(ManagedColumn column) {
        Map<ColumnId, ManagedColumn> copy = new TreeMap<>(columns);
        copy.put(column.id(), column);
        return new PhaseSnapshot(version + 1, copy.values());
    }

    /** A new snapshot without this column, one version higher. */
    public PhaseSnapshot without(ColumnId id) {
        Map<ColumnId, ManagedColumn> copy = new TreeMap<>(columns);
        copy.remove(id);
        return new PhaseSnapshot(version + 1, copy.values());
    }

    @Override
    public String toString() {
        return "PhaseSnapshot{version=" + version + ", columns=" + columns.values() + "}";
    }
}
