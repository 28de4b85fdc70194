package dev.phasegate.rewriter.catalog;

import dev.phasegate.config.column.TableName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the upstream database's relations and their columns: what the rewriter
 * resolves references against, exactly as PostgreSQL would (which table an unqualified column
 * belongs to, what {@code *} expands to, where an unqualified table name is found on the search
 * path). Versioned: plans are cached by catalog version, so a refreshed catalog gets a higher one.
 */
public final class Catalog {

    private static final Catalog EMPTY = new Catalog(0, List.of());

    private final long version;
    private final Map<TableName, CatalogTable> tables;

    public Catalog(long version, Collection<CatalogTable> tables) {
        this.version = version;
        Map<TableName, CatalogTable> map = new LinkedHashMap<>();
        for (CatalogTable t : tables) {
            if (map.put(t.name(), t) != null) {
                throw new IllegalArgumentException("table " + t.name() + " is listed twice");
            }
        }
        this.tables = Map.copyOf(map);
    }

    public static Catalog empty() {
        return EMPTY;
    }

    public static Builder builder(long version) {
        return new Builder(version);
    }

    public long version() {
        return version;
    }

    public Collection<CatalogTable> tables() {
        return tables.values();
    }

    public Optional<CatalogTable> table(TableName name) {
        return Optional.ofNullable(tables.get(name));
    }

    /**
     * Resolves an unqualified relation name the way PostgreSQL does: {@code pg_catalog} first
     * unless the path lists it elsewhere, then the path's schemas in order. Entries PostgreSQL
     * cannot resolve without a session ({@code $user}) are skipped.
     */
    public Optional<CatalogTable> resolve(String table, List<String> searchPath) {
        for (String schema : effectivePath(searchPath)) {
            CatalogTable t = tables.get(new TableName(schema, table));
            if (t != null) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The schemas searched for an unqualified name, in order. */
    public static List<String> effectivePath(List<String> searchPath) {
        List<String> path = new ArrayList<>(searchPath.size() + 1);
        if (!searchPath.contains("pg_catalog")) {
            path.add("pg_catalog");
        }
        for (String s : searchPath) {
            if (!s.isEmpty() && !s.equals("$user")) {
                path.add(s);
            }
        }
        return path;
    }

    @Override
    public String toString() {
        return "Catalog{version=" + version + ", tables=" + tables.size() + "}";
    }

    /** Collects columns table by table, in attribute order. */
    public static final class Builder {
        private final long version;
        private final Map<TableName, List<CatalogColumn>> columns = new LinkedHashMap<>();

        private Builder(long version) {
            this.version = version;
        }

        public Builder column(String schema, String table, String column, String type) {
            columns.computeIfAbsent(new TableName(schema, table), t -> new ArrayList<>())
                    .add(new CatalogColumn(column, type));
            return this;
        }

        /** Declares a table with these columns, each {@code "name type"} ({@code "id bigint"}). */
        public Builder table(String schema, String table, String... columnsAndTypes) {
            List<CatalogColumn> list = columns.computeIfAbsent(new TableName(schema, table), t -> new ArrayList<>());
            for (String spec : columnsAndTypes) {
                String s = spec.trim();
                int space = s.indexOf(' ');
                if (space < 0) {
                    throw new IllegalArgumentException("expected \"name type\", got '" + spec + "'");
                }
                list.add(new CatalogColumn(s.substring(0, space), s.substring(space + 1).trim()));
            }
            return this;
        }

        public Catalog build() {
            List<CatalogTable> list = new ArrayList<>();
            columns.forEach((name, cols) -> list.add(new CatalogTable(name, cols)));
            return new Catalog(version, list);
        }
    }
}
