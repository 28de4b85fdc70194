package dev.phasegate.admin.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What happened to a statement (data path) or what an operator did (admin). The wire name is the
 * lower-case constant name; it appears in the JSON Lines file, the API and metric tags. Jobs add
 * their own admin actions here.
 */
public enum AuditAction {
    // Data path: one per statement touching a managed column.
    /** Forwarded unchanged (the phase needs no rewrite for this statement). */
    PASSED(true),
    /** Rewritten (dual write, virtual source, …). */
    REWRITTEN(true),
    /** An assignment to a hidden column was stripped. */
    STRIPPED(true),
    /** A read of a not-yet-readable column returned the default. */
    DEFAULTED(true),
    /** A dual read was checked and matched. */
    SHADOWED(true),
    /** A dual read found rows where new IS DISTINCT FROM up(source). */
    SHADOW_MISMATCH(true),
    /** Refused with an ErrorResponse (unparsable write under the reject policy, DDL block, …). */
    REJECTED(true),
    /** Touched a managed column but could not be parsed; forwarded under the pass policy. */
    UNPARSED(true),
    // Admin actions.
    REGISTERED(false),
    PHASE_CHANGED(false),
    PHASE_REFUSED(false),
    ROLLED_BACK(false),
    DELETED(false);

    private final boolean dataPath;
    /** Made once: the audit writer asks for it for every record it encodes. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    AuditAction(boolean dataPath) {
        this.dataPath = dataPath;
    }

    /** Whether this is a statement on the data path (else an admin action). */
    public boolean dataPath() {
        return dataPath;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static AuditAction parse(String text) {
        for (AuditAction action : values()) {
            if (action.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown audit action '" + text + "'; expected one of "
                + Arrays.stream(values()).map(AuditAction::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
