package dev.phasegate.admin.audit;

import dev.phasegate.config.column.ColumnId;
import java.time.Instant;

/**
 * A filter over the recent records: every parameter may be {@code null} (no filter).
 *
 * @param limit at most this many records, newest first
 */
public record AuditQuery(ColumnId column, AuditAction action, Instant since, int limit) {

    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    public static AuditQuery recent(int limit) {
        return new AuditQuery(null, null, null, limit);
    }

    public boolean matches(AuditRecord record) {
        return (column == null || record.touches(column))
                && (action == null || record.action() == action)
                && (since == null || !record.time().isBefore(since));
    }
}
