package dev.phasegate.rewriter;

import dev.phasegate.config.column.ColumnId;
import java.util.Objects;

/**
 * One trailing boolean result column appended for a dual read: {@code true} when the row's new
 * column agrees with {@code up(source)}, {@code false} on a mismatch. {@code NULL} cannot occur
 * (the check is {@code IS NOT DISTINCT FROM}).
 *
 * @param column         the managed column checked
 * @param tableReference the table reference in the query whose row is checked (alias or table name)
 * @param expression     the SQL of the check, as appended
 */
public record ShadowCheck(ColumnId column, String tableReference, String expression) {
    public ShadowCheck {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(tableReference, "tableReference");
        Objects.requireNonNull(expression, "expression");
    }
}
