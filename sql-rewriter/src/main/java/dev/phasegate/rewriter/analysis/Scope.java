package dev.phasegate.rewriter.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The names visible at one query level, and the enclosing level: a column reference resolves in
 * the innermost level that has the name, as in PostgreSQL.
 */
final class Scope {

    final Scope parent;
    final List<RangeItem> items = new ArrayList<>();
    /** Columns merged by JOIN … USING / NATURAL JOIN at this level: unqualified, they name the join's column. */
    final Set<String> merged = new HashSet<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    /** A scope holding exactly these items, over {@code parent}. */
    static Scope of(Scope parent, List<RangeItem> items) {
        Scope s = new Scope(parent);
        s.items.addAll(items);
        return s;
    }

    RangeItem itemNamed(String exposedName) {
        RangeItem found = null;
        for (RangeItem item : items) {
            if (item.exposedName.equals(exposedName)) {
                if (found != null) {
                    return null; // PostgreSQL refuses the duplicate name; nothing to resolve
                }
                found = item;
            }
        }
        return found;
    }

    /** The item a schema-qualified reference {@code schema.table.col} names (unaliased items only). */
    RangeItem itemForTable(String schema, String table) {
        for (RangeItem item : items) {
            if (!item.aliased && item.table != null && item.table.schema().equals(schema)
                    && item.table.table().equals(table)) {
                return item;
            }
        }
        return null;
    }
}
