package dev.phasegate.admin.jobs;

import java.time.Instant;
import java.util.List;

/** A row of {@code phasegate.backfill_run}: one backfill run and its durable progress. */
record BackfillRun(
        long id,
        String columnId,
        Direction direction,
        JobState state,
        String pauseReason,
        String targetColumn,
        String expression,
        String where,
        int batchSize,
        int maxRowsPerSecond,
        TableKey key,
        List<String> highKey,
        List<String> lastKey,
        long rowsDone,
        long rowsUpdated,
        Long rowsEstimate,
        Double rowsPerSecond,
        long batches,
        String owner,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        String lastError) {
}
