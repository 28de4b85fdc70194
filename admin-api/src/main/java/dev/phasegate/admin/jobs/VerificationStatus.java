package dev.phasegate.admin.jobs;

import java.util.List;
import java.util.Map;

/**
 * A verification run as the admin API shows it.
 *
 * @param column          the managed column's id
 * @param runId           the run
 * @param state           {@code running|done|failed|cancelled}
 * @param mode            {@code up}: rows where new IS DISTINCT FROM up(row); {@code null}: a pure
 *                        addition without up, rows where new IS NULL
 * @param informational   true in mode {@code null}: the count is reported, not a mismatch
 * @param snapshotVersion the phase-snapshot version given with the request
 * @param rowsChecked     rows read so far
 * @param rowsEstimate    the planner's estimate of the table's rows at the start
 * @param mismatches      rows found (mismatching, or NULL in mode {@code null})
 * @param sampleKeys      keys of the first rows found (at most {@code backfill.mismatchSample}),
 *                        each as key column → value text
 * @param rowsPerSecond   recent rate while running; the average over the run once it is over
 * @param etaSeconds      estimated seconds left while running
 * @param startedAt       ISO-8601
 * @param finishedAt      ISO-8601, for final states
 * @param lastError       why it failed
 * @param message         one line for humans
 */
public record VerificationStatus(
        String column,
        long runId,
        JobState state,
        String mode,
        boolean informational,
        Long snapshotVersion,
        long rowsChecked,
        Long rowsEstimate,
        long mismatches,
        List<Map<String, String>> sampleKeys,
        double rowsPerSecond,
        Long etaSeconds,
        String startedAt,
        String finishedAt,
        String lastError,
        String message) {
}
