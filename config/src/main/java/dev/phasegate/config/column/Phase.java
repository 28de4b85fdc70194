package dev.phasegate.config.column;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The phases a managed column moves through, in order. What each phase does to the SQL that
 * passes through is specified in docs/phases.md; this type only knows names and order.
 */
public enum Phase {
    /** The new column exists upstream but applications cannot see or set it. */
    HIDDEN,
    /** Writes fill the new column (dual write); reads still see the default. */
    WRITE,
    /** As WRITE, and reads of the source are checked against the new column (dual read). */
    SHADOW,
    /** Reads see the new column's real values; writes stay dual. */
    READ,
    /** The source becomes virtual: read as down(new), written through up(value). */
    CONTRACT,
    /** The gateway has let go: no rewriting, no audit. */
    COMPLETE;

    /** Made once: the audit writer asks for it for every record it encodes. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in config files, the API and the audit log. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a phase name, case-insensitively.
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static Phase parse(String text) {
        if (text != null) {
            for (Phase phase : values()) {
                if (phase.wireName().equalsIgnoreCase(text.trim())) {
                    return phase;
                }
            }
        }
        throw new IllegalArgumentException("unknown phase '" + text + "'; expected one of "
                + Arrays.stream(values()).map(Phase::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
