package dev.phasegate.rewriter;

import java.util.Locale;

/**
 * What planning did about one managed column in one statement; the audit log's {@code action}
 * (the gateway adds {@code shadow_mismatch} when a shadow check fails on a returned row).
 */
public enum Action {
    /** Named, and sent as written (a read in {@code read}, a write naming both columns, a read of the source). */
    PASSED,
    /** Changed: a dual write added, the source virtualised in {@code contract}. */
    REWRITTEN,
    /** Assignments to the new column removed ({@code hidden}), or the column left out of {@code *}. */
    STRIPPED,
    /** Reads of the new column replaced by its {@code default}. */
    DEFAULTED,
    /** Dual read: a trailing check column appended for the gateway to verify and drop. */
    SHADOWED,
    /** The statement was refused by policy because of this column. */
    REJECTED,
    /** The statement could not be handled and was passed unchanged by policy. */
    UNPARSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
