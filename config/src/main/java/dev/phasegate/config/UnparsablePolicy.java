package dev.phasegate.config;

/** What happens to a statement that touches a managed column but cannot be rewritten safely. */
public enum UnparsablePolicy {
    /** Refuse it with an ErrorResponse naming the column and the construct (SQLSTATE 0A000). */
    REJECT,
    /** Forward it unchanged and audit it as {@code unparsed}. */
    PASS
}
