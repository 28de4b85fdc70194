package dev.phasegate.config;

import java.time.Duration;

/**
 * Defaults for backfill and verification jobs (each request may override batch size and rate).
 *
 * @param maxRowsPerSecond  0 means unthrottled
 * @param maxReplicationLag the job pauses while a replica lags more than this
 * @param maxLockWait       the job pauses while its batches wait on locks longer than this
 */
public record BackfillConfig(int batchSize, int maxRowsPerSecond, Duration lockTimeout,
                             Duration statementTimeout, Duration maxReplicationLag, Duration maxLockWait,
                             int poolSize, int mismatchSample) {

    static BackfillConfig from(ConfigSection s) {
        BackfillConfig c = new BackfillConfig(
                s.integer("batchSize", 1000, 1, 1_000_000),
                s.integer("maxRowsPerSecond", 0, 0, Integer.MAX_VALUE),
                s.duration("lockTimeout", Duration.ofSeconds(2)),
                s.duration("statementTimeout", Duration.ofSeconds(30)),
                s.duration("maxReplicationLag", Duration.ofSeconds(10)),
                s.duration("maxLockWait", Duration.ofSeconds(5)),
                s.integer("poolSize", 2, 1, 64),
                s.integer("mismatchSample", 20, 0, 10_000));
        s.finish();
        return c;
    }
}
