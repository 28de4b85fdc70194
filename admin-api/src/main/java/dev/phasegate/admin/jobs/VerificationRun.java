package dev.phasegate.admin.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A row of {@code phasegate.verification_run}. */
record VerificationRun(
        long id,
        String columnId,
        Long snapshotVersion,
        String mode,
        String expression,
        JobState state,
        int batchSize,
        TableKey key,
        List<String> highKey,
        List<String> lastKey,
        long rowsChecked,
        long mismatches,
        List<Map<String, String>> sample,
        Long rowsEstimate,
        Double rowsPerSecond,
        String owner,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        String lastError) {

    /** Mode {@code up}: rows where new differs from up(row). */
    static final String MODE_UP = "up";
    /** Mode {@code null}: a pure addition without up; rows where new is NULL (informational). */
    static final String MODE_NULL = "null";
}
