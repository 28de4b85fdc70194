package dev.phasegate.admin.jobs;

import java.util.List;

/**
 * Body of {@code POST /api/v1/columns/{id}/backfill}. Every field is optional.
 *
 * @param batchSize        rows per batch (default {@code backfill.batchSize})
 * @param maxRowsPerSecond rate limit, 0 for none (default {@code backfill.maxRowsPerSecond})
 * @param where            an extra predicate over the row restricting which rows are updated; one
 *                         expression, no {@code ;}. Omitted when resuming: the run keeps its own
 * @param reverse          {@code true}: reverse backfill, {@code source = down(new)}
 * @param keyColumns       for a table without a primary key: the columns of a unique index over
 *                         NOT NULL columns to walk the table by
 * @param restart          {@code true}: start a new run from the first key even if the last run of
 *                         this column did not finish (by default it is resumed from its last key)
 */
public record BackfillRequest(Integer batchSize, Integer maxRowsPerSecond, String where, Boolean reverse,
                              List<String> keyColumns, Boolean restart) {

    public BackfillRequest {
        keyColumns = keyColumns == null ? null : List.copyOf(keyColumns);
    }

    /** All defaults: a forward backfill, resumed if one was left unfinished. */
    public static BackfillRequest defaults() {
        return new BackfillRequest(null, null, null, null, null, null);
    }

    public static BackfillRequest reverseDefaults() {
        return new BackfillRequest(null, null, null, true, null, null);
    }

    boolean isReverse() {
        return Boolean.TRUE.equals(reverse);
    }

    boolean isRestart() {
        return Boolean.TRUE.equals(restart);
    }
}
