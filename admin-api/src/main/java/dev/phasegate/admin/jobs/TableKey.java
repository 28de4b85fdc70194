package dev.phasegate.admin.jobs;

import dev.phasegate.config.column.Identifiers;
import dev.phasegate.config.column.TableName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The key a job walks a table by: the primary key, or a declared unique key over NOT NULL
 * columns. Jobs page through the table in this key's order (keyset pagination), so the key
 * must be total and unique, and indexed in this column order.
 *
 * @param columns the key's column names, in index order
 * @param types   each column's type as {@code format_type()} spells it, used to cast bounds back
 * @param origin  which constraint or index this is, for the operator
 */
record TableKey(List<String> columns, List<String> types, String origin) {

    TableKey {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        if (columns.isEmpty() || columns.size() != types.size()) {
            throw new IllegalArgumentException("a key needs one type per column, got " + columns + " " + types);
        }
    }

    private record Candidate(String index, boolean primary, boolean usable, List<String> columns,
                             List<String> types, boolean notNull) {
    }

    /**
     * Finds the key of {@code table}: the primary key, unless {@code declared} names the columns
     * of a unique index to use instead (required when there is no primary key).
     *
     * @throws JobException 422 when the table does not exist, has no primary key and no key was
     *                      declared, or the declared columns are not a usable unique key
     */
    static TableKey resolve(Connection c, TableName table, List<String> declared) throws SQLException {
        if (!tableExists(c, table)) {
            throw JobException.unprocessable("table " + table + " does not exist");
        }
        List<Candidate> candidates = candidates(c, table);
        if (declared == null || declared.isEmpty()) {
            for (Candidate candidate : candidates) {
                if (candidate.primary()) {
                    return new TableKey(candidate.columns(), candidate.types(), "primary key " + candidate.index());
                }
            }
            throw JobException.unprocessable(table + " has no primary key: a job walks the table in key order "
                    + "and needs a unique key over NOT NULL columns; " + describeCandidates(candidates));
        }
        for (Candidate candidate : candidates) {
            if (new HashSet<>(candidate.columns()).equals(new HashSet<>(declared))
                    && candidate.columns().size() == declared.size()) {
                if (!candidate.usable()) {
                    continue;
                }
                if (!candidate.notNull()) {
                    throw JobException.unprocessable("the unique key " + candidate.columns() + " of " + table
                            + " (index " + candidate.index() + ") allows NULLs, which a unique index does not keep "
                            + "unique; set its columns NOT NULL or declare another key");
                }
                return new TableKey(candidate.columns(), candidate.types(),
                        (candidate.primary() ? "primary key " : "unique index ") + candidate.index());
            }
        }
        throw JobException.unprocessable("no valid, non-partial unique index of " + table + " has exactly the "
                + "columns " + declared + "; " + describeCandidates(candidates));
    }

    private static boolean tableExists(Connection c, TableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table.toSql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static List<Candidate> candidates(Connection c, TableName table) throws SQLException {
        // Key columns only (not INCLUDE columns), in index order; an expression column has attnum 0.
        String sql = """
                SELECT ic.relname, i.indisprimary,
                       i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL AS usable,
                       array_agg(a.attname::text ORDER BY k.ord),
                       array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord),
                       bool_and(coalesce(a.attnotnull, false))
                FROM pg_index i
                JOIN pg_class ic ON ic.oid = i.indexrelid
                CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = to_regclass(?) AND i.indisunique AND k.ord <= i.indnkeyatts
                GROUP BY ic.relname, i.indisprimary, i.indisvalid, i.indpred IS NULL, i.indexprs IS NULL
                ORDER BY i.indisprimary DESC, ic.relname
                """;
        List<Candidate> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.toSql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Candidate(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3),
                            strings(rs.getArray(4)), strings(rs.getArray(5)), rs.getBoolean(6)));
                }
            }
        }
        return result;
    }

    private static String describeCandidates(List<Candidate> candidates) {
        List<String> usable = candidates.stream().filter(Candidate::usable).filter(Candidate::notNull)
                .map(candidate -> candidate.index() + " " + candidate.columns()).toList();
        if (usable.isEmpty()) {
            return "it has no unique index over NOT NULL columns either: add a primary key";
        }
        return "declare one with keyColumns, e.g. one of: " + String.join(", ", usable);
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        List<String> result = new ArrayList<>(values.length);
        for (Object value : values) {
            result.add(Objects.toString(value, null));
        }
        return result;
    }

    /** {@code a, "B"} for SELECT lists and ORDER BY. */
    String columnList() {
        return String.join(", ", columns.stream().map(Identifiers::quoteIfNeeded).toList());
    }

    int size() {
        return columns.size();
    }
}
