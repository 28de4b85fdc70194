package dev.phasegate.admin.store;

import dev.phasegate.config.guard.GuardRailResult;
import java.util.List;
import java.util.Objects;

/**
 * Who made a change and why, recorded with it in the history.
 *
 * @param who        the operator or component ({@code config}, the admin API caller)
 * @param reason     why, as given; may be empty for unforced steps
 * @param forced     whether guard rails were overridden
 * @param guardRails the guard-rail verdicts at the time of the change (met or not)
 */
public record ChangeNote(String who, String reason, boolean forced, List<GuardRailResult> guardRails) {

    public ChangeNote {
        Objects.requireNonNull(who, "who");
        reason = reason == null ? "" : reason;
        guardRails = List.copyOf(guardRails);
    }

    public static ChangeNote of(String who, String reason) {
        return new ChangeNote(who, reason, false, List.of());
    }
}
