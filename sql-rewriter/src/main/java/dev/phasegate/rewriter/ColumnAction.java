package dev.phasegate.rewriter;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import java.util.Objects;

/**
 * One managed column's fate in one statement.
 *
 * @param column the managed column (always the new column's id, also when the statement named its source)
 * @param phase  the column's phase when the statement was planned
 * @param action what was done
 * @param role   which name the statement used
 * @param detail a short human-readable reason ("select list", "left out of *", "dual write from source", …)
 */
public record ColumnAction(ColumnId column, Phase phase, Action action, ColumnRole role, String detail) {

    public ColumnAction {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(role, "role");
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        return column + ":" + action.wireName() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
