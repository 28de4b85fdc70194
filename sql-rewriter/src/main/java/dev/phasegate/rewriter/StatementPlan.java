package dev.phasegate.rewriter;

import java.util.List;
import java.util.Objects;

/**
 * The plan of one statement of a (possibly multi-statement) query string.
 *
 * @param index        0-based position of the statement in the string; the gateway matches result
 *                     sets to statements by counting CommandComplete/EmptyQueryResponse messages
 * @param kind         what the statement is
 * @param write        whether it writes (a data-modifying CTE makes a SELECT a write)
 * @param startOffset  where the statement starts in the original text (UTF-16 index)
 * @param endOffset    where it ends, exclusive
 * @param rewritten    whether its text was changed
 * @param actions      one entry per managed column and action
 * @param resultFilter what to do to its rows
 * @param notes        what the planner wants an operator to know (e.g. why a read was left unshadowed)
 */
public record StatementPlan(int index, StatementKind kind, boolean write, int startOffset, int endOffset,
                            boolean rewritten, List<ColumnAction> actions, ResultFilter resultFilter,
                            List<String> notes) {

    /** A statement that touches no managed column: sent as it is, no actions, no filter. */
    public static StatementPlan untouched(int index, StatementKind kind, boolean write, int startOffset,
                                          int endOffset) {
        return new StatementPlan(index, kind, write, startOffset, endOffset, false, List.of(), ResultFilter.NONE,
                List.of());
    }

    public StatementPlan {
        Objects.requireNonNull(kind, "kind");
        actions = List.copyOf(actions);
        resultFilter = resultFilter == null ? ResultFilter.NONE : resultFilter;
        notes = List.copyOf(notes);
    }
}
