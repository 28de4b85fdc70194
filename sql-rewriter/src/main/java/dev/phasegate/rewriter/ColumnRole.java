package dev.phasegate.rewriter;

/** Which of a managed column's two names a statement used. */
public enum ColumnRole {
    /** The managed (new) column itself. */
    NEW,
    /** The managed column's {@code source}. */
    SOURCE,
    /** Neither by name: the table was named (a {@code *}, an unparsable statement). */
    TABLE
}
