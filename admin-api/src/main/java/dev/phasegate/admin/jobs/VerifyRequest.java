package dev.phasegate.admin.jobs;

import java.util.List;

/**
 * Body of {@code POST /api/v1/columns/{id}/verify}. Every field is optional.
 *
 * @param batchSize       rows per batch (default {@code backfill.batchSize})
 * @param snapshotVersion the phase-snapshot version the caller verifies under, stored with the result
 * @param keyColumns      for a table without a primary key: a unique key over NOT NULL columns
 * @param waitForResult   {@code true}: answer when the verification is over instead of at its start
 */
public record VerifyRequest(Integer batchSize, Long snapshotVersion, List<String> keyColumns, Boolean waitForResult) {

    public VerifyRequest {
        keyColumns = keyColumns == null ? null : List.copyOf(keyColumns);
    }

    public static VerifyRequest defaults() {
        return new VerifyRequest(null, null, null, null);
    }

    boolean isWait() {
        return Boolean.TRUE.equals(waitForResult);
    }
}
