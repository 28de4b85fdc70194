package dev.phasegate.config.column;

import java.util.Objects;

/**
 * The identity of a managed column: {@code schema.table.column}. This is the id operators type in
 * the admin API and the config file, so its text form is plain dotted names.
 */
public record ColumnId(String schema, String table, String column) implements Comparable<ColumnId> {

    public ColumnId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        if (schema.isEmpty() || table.isEmpty() || column.isEmpty()) {
            throw new IllegalArgumentException("schema, table and column must not be empty");
        }
    }

    /**
     * Parses {@code schema.table.column}, or {@code table.column} in schema {@code public}.
     * Names are taken as written: ids are compared exactly, so write them as PostgreSQL stores
     * them (lower case unless the column was created quoted).
     *
     * @throws IllegalArgumentException naming the text when it is not two or three dotted names
     */
    public static ColumnId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a column id must look like schema.table.column, got an empty value");
        }
        String[] parts = text.trim().split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("a column id must look like schema.table.column, got '" + text + "'");
            }
        }
        return switch (parts.length) {
            case 2 -> new ColumnId("public", parts[0], parts[1]);
            case 3 -> new ColumnId(parts[0], parts[1], parts[2]);
            default -> throw new IllegalArgumentException(
                    "a column id must look like schema.table.column, got '" + text + "'");
        };
    }

    public TableName tableName() {
        return new TableName(schema, table);
    }

    /** The same table, another column: used to name a managed column's {@code source}. */
    public ColumnId sibling(String otherColumn) {
        return new ColumnId(schema, table, otherColumn);
    }

    @Override
    public int compareTo(ColumnId other) {
        int byTable = tableName().compareTo(other.tableName());
        return byTable != 0 ? byTable : column.compareTo(other.column);
    }

    @Override
    public String toString() {
        return schema + "." + table + "." + column;
    }
}
