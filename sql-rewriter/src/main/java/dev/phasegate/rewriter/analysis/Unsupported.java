package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.ManagedColumn;

/**
 * A statement touches a managed column in a way the rewriter cannot handle safely. Caught per
 * statement and turned into the configured policy (reject, or pass as {@code unparsed}).
 */
public final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ManagedColumn column;
    private final String construct;

    public Unsupported(ManagedColumn column, String construct, String detail) {
        super(detail);
        this.column = column;
        this.construct = construct;
    }

    /** The managed column concerned, or null when the problem is not about one column. */
    public ManagedColumn column() {
        return column;
    }

    /** A short name of the construct ("COPY", "whole-row reference", …). */
    public String construct() {
        return construct;
    }
}
