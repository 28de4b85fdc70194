package dev.phasegate.rewriter.catalog;

import dev.phasegate.config.column.TableName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A relation (table, view, materialized view, foreign table) and its columns in attribute order. */
public final class CatalogTable {

    private final TableName name;
    private final List<CatalogColumn> columns;
    private final Map<String, CatalogColumn> byName;

    public CatalogTable(TableName name, List<CatalogColumn> columns) {
        this.name = Objects.requireNonNull(name, "name");
        this.columns = List.copyOf(columns);
        Map<String, CatalogColumn> map = new HashMap<>();
        for (CatalogColumn c : this.columns) {
            if (map.put(c.name(), c) != null) {
                throw new IllegalArgumentException(name + " has column " + c.name() + " twice");
            }
        }
        this.byName = Map.copyOf(map);
    }

    public TableName name() {
        return name;
    }

    public List<CatalogColumn> columns() {
        return columns;
    }

    public Optional<CatalogColumn> column(String column) {
        return Optional.ofNullable(byName.get(column));
    }

    public boolean has(String column) {
        return byName.containsKey(column);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CatalogTable other && name.equals(other.name) && columns.equals(other.columns);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + columns.hashCode();
    }

    @Override
    public String toString() {
        return name + columns.stream().map(CatalogColumn::name).toList().toString();
    }
}
