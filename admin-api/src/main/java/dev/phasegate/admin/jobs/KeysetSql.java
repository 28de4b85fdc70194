package dev.phasegate.admin.jobs;

import dev.phasegate.config.column.Identifiers;
import dev.phasegate.config.column.TableName;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a keyset walk over one table: batches are key ranges {@code (lower, upper]} in key
 * order, where {@code lower} is the last key done (absent for the first batch) and {@code upper}
 * the last key of the batch. Key values travel as text and are cast back to the key column's type,
 * so any key type with a text form works and composite keys compare as rows ({@code (a, b) > (x, y)}),
 * which a btree index on {@code (a, b)} serves directly.
 *
 * <p>Expressions ({@code up}, {@code down}, {@code where}) are spliced in as written, parenthesised;
 * they come from the operator's configuration and are checked before use ({@link WherePredicate},
 * and {@code EXPLAIN} of the statements at job start).
 */
final class KeysetSql {

    private final TableName table;
    private final TableKey key;

    KeysetSql(TableName table, TableKey key) {
        this.table = table;
        this.key = key;
    }

    TableKey key() {
        return key;
    }

    /** The largest key now: the end of the range a run covers. One row, or none for an empty table. */
    String highKey() {
        return "SELECT " + textColumns("") + " FROM " + table.toSql() + " ORDER BY " + order("", true) + " LIMIT 1";
    }

    /**
     * The last key and the number of rows of the next batch: at most {@code ?} rows after the lower
     * bound and not beyond the high key. Reads only the key index (an index-only scan when the
     * visibility map allows).
     */
    String nextBatch(boolean hasLower) {
        return "SELECT " + textColumns("b.") + ", count(*) OVER () FROM (SELECT " + key.columnList() + " FROM "
                + table.toSql() + " WHERE " + range(hasLower) + " ORDER BY " + order("", false) + " LIMIT ?) b"
                + " ORDER BY " + order("b.", true) + " LIMIT 1";
    }

    /**
     * Sets {@code target = (expression)} on the rows of a batch range where it differs. The value
     * is computed from the row as the UPDATE locks it: in READ COMMITTED, a row changed by a
     * concurrent transaction is re-read (and the WHERE re-checked) before it is written, so a
     * newer application write is never overwritten with a value computed from an older row.
     */
    String update(String target, String expression, String where, boolean hasLower) {
        String column = Identifiers.quoteIfNeeded(target);
        return "UPDATE " + table.toSql() + " SET " + column + " = (" + expression + ") WHERE " + range(hasLower)
                + " AND " + column + " IS DISTINCT FROM (" + expression + ")" + extra(where);
    }

    /**
     * Keys of the rows of a batch range that match {@code predicate}, in key order, at most {@code ?}
     * of them, each with the total number of matching rows in the range.
     */
    String matching(String predicate, boolean hasLower) {
        return "SELECT " + textColumns("") + ", count(*) OVER () FROM " + table.toSql() + " WHERE "
                + range(hasLower) + " AND (" + predicate + ") ORDER BY " + order("", false) + " LIMIT ?";
    }

    /** An {@code EXPLAIN} of the update, to check the expression and {@code where} before starting. */
    String explainUpdate(String target, String expression, String where) {
        String column = Identifiers.quoteIfNeeded(target);
        return "EXPLAIN UPDATE " + table.toSql() + " SET " + column + " = (" + expression + ") WHERE " + column
                + " IS DISTINCT FROM (" + expression + ")" + extra(where);
    }

    /** An {@code EXPLAIN} of a predicate over the table, to check it before starting. */
    String explainPredicate(String predicate) {
        return "EXPLAIN SELECT 1 FROM " + table.toSql() + " WHERE (" + predicate + ")";
    }

    /** The planner's row estimate for the whole table, from {@code EXPLAIN} (works before ANALYZE). */
    String estimateRows() {
        return "EXPLAIN (FORMAT JSON) SELECT 1 FROM " + table.toSql();
    }

    /**
     * Binds the bounds of {@link #nextBatch}, {@link #update} or {@link #matching}: the lower bound (when
     * present), then the upper bound.
     *
     * @return the next parameter index
     */
    int bindRange(PreparedStatement ps, List<String> lower, List<String> upper) throws SQLException {
        int index = 1;
        if (lower != null) {
            for (String value : lower) {
                ps.setString(index++, value);
            }
        }
        for (String value : upper) {
            ps.setString(index++, value);
        }
        return index;
    }

    private String range(boolean hasLower) {
        String bounds = rowOf("") + " <= " + castParameters();
        return hasLower ? rowOf("") + " > " + castParameters() + " AND " + bounds : bounds;
    }

    private String rowOf(String prefix) {
        List<String> parts = quoted(prefix);
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
    }

    private String castParameters() {
        List<String> casts = new ArrayList<>();
        for (String type : key.types()) {
            casts.add("CAST(? AS " + type + ")");
        }
        return casts.size() == 1 ? casts.get(0) : "(" + String.join(", ", casts) + ")";
    }

    /**
     * The key columns as text, aliased: unaliased, {@code id::text} would be an output column named
     * {@code id}, and {@code ORDER BY id} would then sort the text ("9999" after "10000").
     */
    private String textColumns(String prefix) {
        List<String> columns = quoted(prefix);
        List<String> result = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            result.add(columns.get(i) + "::text AS phasegate_key_" + (i + 1));
        }
        return String.join(", ", result);
    }

    private String order(String prefix, boolean descending) {
        return String.join(", ", quoted(prefix).stream().map(column -> descending ? column + " DESC" : column).toList());
    }

    private List<String> quoted(String prefix) {
        return key.columns().stream().map(column -> prefix + Identifiers.quoteIfNeeded(column)).toList();
    }

    private static String extra(String where) {
        return where == null ? "" : " AND (" + where + ")";
    }
}
