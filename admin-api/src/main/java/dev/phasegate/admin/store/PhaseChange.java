package dev.phasegate.admin.store;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a column's history.
 *
 * @param column        the column
 * @param kind          what happened
 * @param from          the phase before; {@code null} for {@link Kind#REGISTER}
 * @param to            the phase after; for {@link Kind#DELETE} the phase it was deleted in
 * @param at            when
 * @param who           who asked
 * @param reason        why, as given (may be empty)
 * @param forced        whether unmet guard rails were overridden
 * @param guardRails    the guard-rail verdicts at the time
 * @param columnVersion the column's version after the change
 * @param storeVersion  the store's global version after the change
 */
public record PhaseChange(ColumnId column, Kind kind, Phase from, Phase to, Instant at, String who, String reason,
                          boolean forced, List<GuardRailResult> guardRails, long columnVersion, long storeVersion) {

    /** What a history entry records. */
    public enum Kind {
        REGISTER, FORWARD, BACKWARD, DELETE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind parse(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }

        static Kind of(Phase from, Phase to) {
            return to.ordinal() >= from.ordinal() ? FORWARD : BACKWARD;
        }
    }

    public PhaseChange {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
        guardRails = List.copyOf(guardRails);
    }
}
