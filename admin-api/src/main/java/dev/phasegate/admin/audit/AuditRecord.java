package dev.phasegate.admin.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One audited statement or admin action; one line of the JSON Lines file.
 *
 * @param time            when the statement completed (or the action happened)
 * @param gateway         the gateway instance that saw it
 * @param session         who issued it
 * @param columns         the managed columns it touched, each with its phase
 * @param snapshotVersion the phase-snapshot version it was planned under (admin: the version after the change)
 * @param action          what happened
 * @param fingerprint     stable id of the statement's shape, or {@code null}
 * @param statement       the statement text, literals already redacted by the caller when
 *                        {@code audit.redactLiterals} is on; {@code null} for admin actions
 * @param rows            rows affected or returned, {@code -1} when unknown
 * @param durationMicros  time from forwarding to completion, {@code -1} when unknown
 * @param sqlState        the SQLSTATE of an error, {@code null} on success
 * @param detail          free text: the reason and step of an admin action, why a statement was rejected
 */
public record AuditRecord(Instant time, String gateway, AuditSession session, List<AuditColumn> columns,
                          long snapshotVersion, AuditAction action, String fingerprint, String statement,
                          @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Unknown.class) long rows,
                          @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Unknown.class)
                          long durationMicros, String sqlState, String detail) {

    /** Leaves "unknown" (negative) numbers out of the JSON. */
    static final class Unknown {
        @Override
        public boolean equals(Object value) {
            return value instanceof Number n && n.longValue() < 0;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        columns = List.copyOf(columns);
    }

    /** An admin action on one column. */
    public static AuditRecord admin(Instant time, String gateway, AuditSession who, ColumnId column, Phase phase,
                                    long snapshotVersion, AuditAction action, String detail) {
        return new AuditRecord(time, gateway, who, List.of(AuditColumn.of(column, phase)), snapshotVersion, action,
                null, null, -1, -1, null, detail);
    }

    public boolean touches(ColumnId id) {
        for (AuditColumn column : columns) {
            if (column.id().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
