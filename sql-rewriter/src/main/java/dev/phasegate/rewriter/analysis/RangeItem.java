package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.TableName;
import dev.phasegate.rewriter.catalog.CatalogColumn;
import dev.phasegate.rewriter.catalog.CatalogTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of a FROM list (or an UPDATE/DELETE/INSERT target): what a column reference can
 * resolve to.
 */
final class RangeItem {

    enum Kind {
        /** A table, view or other relation known to the catalog (or a managed table it lacks). */
        TABLE,
        /** A subquery, CTE or VALUES list whose output columns were computed. */
        DERIVED,
        /** Something whose columns are not known (a set-returning function, an unknown relation). */
        OPAQUE
    }

    final Kind kind;
    /** The name a qualified reference uses: the alias, else the relation's own name (folded). */
    final String exposedName;
    /** The same, as SQL to write in front of a column ("u", "\"Users\""). */
    final String qualifierSql;
    final boolean aliased;
    /** TABLE: the relation. */
    final TableName table;
    /** TABLE: its catalog entry, null when the catalog does not know it. */
    final CatalogTable catalogTable;
    /** TABLE: managed columns still under the gateway's care. */
    final List<ManagedColumn> managed;
    /** Visible column names in order; null when unknown. */
    final List<String> columns;
    /** DERIVED: new columns left out of a {@code *} inside it, by name; reads of them get the default. */
    final Map<String, ManagedColumn> omitted;
    /** Only qualified references see it (ON CONFLICT's EXCLUDED). */
    final boolean qualifiedOnly;
    /** TABLE: managed columns whose source this query reads through this item (for shadow checks). */
    final Set<ManagedColumn> sourceReads = new LinkedHashSet<>();

    private RangeItem(Kind kind, String exposedName, String qualifierSql, boolean aliased, TableName table,
                      CatalogTable catalogTable, List<ManagedColumn> managed, List<String> columns,
                      Map<String, ManagedColumn> omitted, boolean qualifiedOnly) {
        this.kind = kind;
        this.exposedName = exposedName;
        this.qualifierSql = qualifierSql;
        this.aliased = aliased;
        this.table = table;
        this.catalogTable = catalogTable;
        this.managed = managed;
        this.columns = columns;
        this.omitted = omitted;
        this.qualifiedOnly = qualifiedOnly;
    }

    static RangeItem table(String exposedName, String qualifierSql, boolean aliased, TableName table,
                           CatalogTable catalogTable, List<ManagedColumn> managed, boolean qualifiedOnly) {
        List<String> columns = null;
        if (catalogTable != null) {
            columns = new ArrayList<>();
            for (CatalogColumn c : catalogTable.columns()) {
                columns.add(c.name());
            }
            columns = List.copyOf(columns);
        }
        return new RangeItem(Kind.TABLE, exposedName, qualifierSql, aliased, table, catalogTable,
                List.copyOf(managed), columns, Map.of(), qualifiedOnly);
    }

    static RangeItem derived(String exposedName, String qualifierSql, List<String> columns,
                             Map<String, ManagedColumn> omitted) {
        return new RangeItem(Kind.DERIVED, exposedName, qualifierSql, true, null, null, List.of(),
                columns == null ? null : List.copyOf(columns), new LinkedHashMap<>(omitted), false);
    }

    static RangeItem opaque(String exposedName, String qualifierSql) {
        return new RangeItem(Kind.OPAQUE, exposedName, qualifierSql, true, null, null, List.of(), null, Map.of(),
                false);
    }

    boolean isManagedTable() {
        return kind == Kind.TABLE && !managed.isEmpty();
    }

    /** Whether the column certainly exists here. */
    boolean hasColumn(String column) {
        if (columns != null) {
            return columns.contains(column) || omitted.containsKey(column);
        }
        if (kind == Kind.TABLE) {
            for (ManagedColumn m : managed) {
                if (m.name().equals(column) || column.equals(m.source())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the column may exist here without us knowing (columns unknown). */
    boolean mayHaveColumn(String column) {
        return columns == null && !hasColumn(column);
    }

    /** The managed column whose new column this is, if any. */
    ManagedColumn managedNew(String column) {
        for (ManagedColumn m : managed) {
            if (m.name().equals(column)) {
                return m;
            }
        }
        return null;
    }

    /** The managed columns whose source this is. */
    List<ManagedColumn> managedSourceOf(String column) {
        List<ManagedColumn> result = new ArrayList<>(1);
        for (ManagedColumn m : managed) {
            if (column.equals(m.source())) {
                result.add(m);
            }
        }
        return result;
    }

    /** Whether {@code *} over this item must be spelled out to leave a managed column out. */
    boolean starNeedsExpansion() {
        if (kind != Kind.TABLE) {
            return false;
        }
        for (ManagedColumn m : managed) {
            if (Rules.newHiddenFromStar(m) || Rules.sourceVirtual(m)) {
                if (columns == null) {
                    return true;
                }
                for (String c : columns) {
                    if (Rules.hiddenFromStar(m, c)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The columns {@code *} shows the application: all but the ones its managed columns' phases hide. */
    List<String> appColumns() {
        if (columns == null) {
            return null;
        }
        List<String> visible = new ArrayList<>(columns.size());
        outer:
        for (String c : columns) {
            for (ManagedColumn m : managed) {
                if (Rules.hiddenFromStar(m, c)) {
                    continue outer;
                }
            }
            visible.add(c);
        }
        return visible;
    }

    /** The managed columns a {@code *} over this item leaves out, by name. */
    Map<String, ManagedColumn> starOmissions() {
        Map<String, ManagedColumn> result = new LinkedHashMap<>();
        if (kind == Kind.TABLE && columns != null) {
            for (String c : columns) {
                for (ManagedColumn m : managed) {
                    if (c.equals(m.name()) && Rules.newHiddenFromStar(m)) {
                        result.put(c, m);
                    }
                }
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return kind + " " + exposedName + (table != null ? " (" + table + ")" : "");
    }
}
