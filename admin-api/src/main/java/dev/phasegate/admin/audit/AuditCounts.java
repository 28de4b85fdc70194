package dev.phasegate.admin.audit;

import dev.phasegate.config.column.ColumnId;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The audit counts the guard rails ask about: how many statements of a kind touched a column
 * since a moment. Answered by one gateway's own audit ({@link AuditLog#counts()}) or by every
 * gateway's counts shared through the phase store ({@link SharedAuditCounts}).
 *
 * <p>Counts are kept in one-second buckets; each question is answered in its safe direction (see
 * {@link #countSince} and {@link #countAfter}).
 */
public interface AuditCounts {

    /** What is counted per column. */
    enum Kind {
        /** Statements that read the column's source. */
        SOURCE_READ,
        /** Statements that read or wrote the column's source. */
        SOURCE_REFERENCE,
        /** Writes that set the new column without its source. */
        NEW_ONLY_WRITE,
        /** Dual reads checked without a mismatch. */
        SHADOWED,
        /** Dual reads that found a mismatch. */
        SHADOW_MISMATCH;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    /** Statements of {@code kind} on {@code column} at or after {@code since}; the whole first second counts (may over-count). */
    long countSince(ColumnId column, Kind kind, Instant since);

    /** Statements of {@code kind} on {@code column} strictly after the second of {@code after} (may under-count). */
    long countAfter(ColumnId column, Kind kind, Instant after);

    /** When {@code kind} was last counted for {@code column} (to the second, rounded up), if within what is kept. */
    Optional<Instant> last(ColumnId column, Kind kind);

    /**
     * From when on the counts are complete — or empty when they cannot be trusted right now (a
     * gateway that should report has not): the guard rails then treat the audit facts as unknown.
     */
    Optional<Instant> coverageStart();
}
