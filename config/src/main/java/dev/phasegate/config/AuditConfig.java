package dev.phasegate.config;

import java.nio.file.Path;

/**
 * The audit trail of statements touching managed columns.
 *
 * @param file           JSON Lines file, rotated by size; {@code null} keeps records in memory only
 * @param redactLiterals replace literals with {@code ?} in recorded statement text
 * @param queueCapacity  records waiting to be written; beyond it records are dropped and counted
 * @param ringSize       recent records kept in memory for the API
 */
public record AuditConfig(Path file, boolean redactLiterals, long maxFileBytes, int maxFiles,
                          int queueCapacity, int ringSize) {

    static AuditConfig from(ConfigSection s) {
        String file = s.string("file", null);
        AuditConfig c = new AuditConfig(
                file == null ? null : Path.of(file),
                s.bool("redactLiterals", true),
                s.bytes("maxFileBytes", 64L << 20, 4096, 1L << 40),
                s.integer("maxFiles", 5, 1, 1000),
                s.integer("queueCapacity", 65536, 16, 16_777_216),
                s.integer("ringSize", 10_000, 16, 10_000_000));
        s.finish();
        return c;
    }
}
