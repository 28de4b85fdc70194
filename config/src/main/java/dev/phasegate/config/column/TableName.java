package dev.phasegate.config.column;

import java.util.Objects;

/**
 * A table named by schema and table, both already folded the way PostgreSQL folds them
 * (unquoted names lower-case, quoted names kept exactly).
 */
public record TableName(String schema, String table) implements Comparable<TableName> {

    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        if (schema.isEmpty() || table.isEmpty()) {
            throw new IllegalArgumentException("schema and table must not be empty");
        }
    }

    @Override
    public int compareTo(TableName other) {
        int bySchema = schema.compareTo(other.schema);
        return bySchema != 0 ? bySchema : table.compareTo(other.table);
    }

    /** {@code schema.table}, quoting a part only where PostgreSQL would need it. */
    public String toSql() {
        return Identifiers.quoteIfNeeded(schema) + "." + Identifiers.quoteIfNeeded(table);
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
