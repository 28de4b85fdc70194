package dev.phasegate.rewriter;

import java.util.List;

/**
 * What the gateway must do to the rows of one statement before the client sees them.
 *
 * <p>{@link #droppedColumns()} are indexes (0-based, in the upstream RowDescription) of columns to
 * remove. {@link #shadowChecks()} are the trailing columns of every row, in order: the last
 * {@code shadowChecks().size()} fields are booleans to check (a {@code false} is a shadow
 * mismatch for that check's column) and then drop. Trailing positions are used because the number
 * of columns a {@code *} yields is only known from the RowDescription.
 */
public record ResultFilter(List<Integer> droppedColumns, List<ShadowCheck> shadowChecks) {

    public static final ResultFilter NONE = new ResultFilter(List.of(), List.of());

    public ResultFilter {
        droppedColumns = List.copyOf(droppedColumns);
        shadowChecks = List.copyOf(shadowChecks);
    }

    public static ResultFilter shadow(List<ShadowCheck> checks) {
        return checks.isEmpty() ? NONE : new ResultFilter(List.of(), checks);
    }

    public boolean isEmpty() {
        return droppedColumns.isEmpty() && shadowChecks.isEmpty();
    }

    /** How many trailing columns are shadow checks. */
    public int trailingCheckColumns() {
        return shadowChecks.size();
    }

    /**
     * The field index of shadow check {@code i} in a row of {@code fieldCount} upstream fields.
     */
    public int shadowCheckIndex(int fieldCount, int i) {
        return fieldCount - shadowChecks.size() + i;
    }

    /** How many fields the client sees out of {@code fieldCount} upstream fields. */
    public int clientFieldCount(int fieldCount) {
        return fieldCount - shadowChecks.size() - droppedColumns.size();
    }
}
