package dev.phasegate.admin.jobs;

import java.util.List;

/**
 * A backfill run as {@code GET /api/v1/columns/{id}/backfill} shows it. Times are ISO-8601 UTC
 * strings (the database's clock), so the record serialises with a plain Jackson mapper.
 *
 * @param column           the managed column's id
 * @param runId            the run, or {@code null} when there is nothing to backfill
 * @param direction        {@code forward} ({@code new = up(row)}) or {@code reverse} ({@code source = down(new)})
 * @param state            {@code running|paused|done|failed|cancelled}
 * @param pauseReason      while paused: which bound was exceeded (replication lag or lock waits) or
 *                         that the runner is gone (interrupted)
 * @param rowsDone         rows in the key ranges walked so far
 * @param rowsLeft         estimate of rows still to walk (from the planner's row estimate); null if unknown
 * @param rowsEstimate     the planner's estimate of the table's rows when the run started
 * @param rowsUpdated      rows the run actually changed (the others already held the right value)
 * @param rowsPerSecond    recent rate while running; the average over the run once it is over
 * @param etaSeconds       estimated seconds left while running; null otherwise
 * @param batchSize        rows per batch
 * @param maxRowsPerSecond the rate limit, 0 for none
 * @param where            the extra predicate, if any
 * @param keyColumns       the key the table is walked by
 * @param keyOrigin        which constraint or index that key is
 * @param lastKey          the last key done (where a resume continues); null before the first batch
 * @param highKey          the largest key when the run started: the end of the range it covers
 * @param owner            the runner holding the run (gateway id and a run token)
 * @param startedAt        when the run started (its range was fixed then)
 * @param updatedAt        last progress
 * @param finishedAt       when it ended, for final states
 * @param lastError        the last error met, if any (a failed run's cause)
 * @param message          one line for humans and progress bars
 */
public record BackfillStatus(
        String column,
        Long runId,
        Direction direction,
        JobState state,
        String pauseReason,
        long rowsDone,
        Long rowsLeft,
        Long rowsEstimate,
        long rowsUpdated,
        double rowsPerSecond,
        Long etaSeconds,
        int batchSize,
        int maxRowsPerSecond,
        String where,
        List<String> keyColumns,
        String keyOrigin,
        List<String> lastKey,
        List<String> highKey,
        String owner,
        String startedAt,
        String updatedAt,
        String finishedAt,
        String lastError,
        String message) {
}
