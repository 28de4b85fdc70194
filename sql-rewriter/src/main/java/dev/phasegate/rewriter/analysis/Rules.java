package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;

/** DESIGN.md's phase table as predicates: what each phase does to reads, writes and {@code *}. */
final class Rules {

    private Rules() {
    }

    /** Reads of the new column return its default. */
    static boolean newReadsDefault(ManagedColumn m) {
        return m.phase() == Phase.HIDDEN || m.phase() == Phase.WRITE || m.phase() == Phase.SHADOW;
    }

    /** The new column is left out of {@code *}. */
    static boolean newHiddenFromStar(ManagedColumn m) {
        return newReadsDefault(m);
    }

    /** The source is virtual: reads return {@code down(new)}, writes go to the new column. */
    static boolean sourceVirtual(ManagedColumn m) {
        return m.phase() == Phase.CONTRACT && m.hasSource();
    }

    /** Assignments to the new column are stripped. */
    static boolean stripsNewWrites(ManagedColumn m) {
        return m.phase() == Phase.HIDDEN;
    }

    /** Writes are dual: setting one of source / new also sets the other. */
    static boolean dualWrites(ManagedColumn m) {
        return m.phase() == Phase.WRITE || m.phase() == Phase.SHADOW || m.phase() == Phase.READ;
    }

    /** Reads of the source are checked against the new column. */
    static boolean shadowReads(ManagedColumn m) {
        return m.phase() == Phase.SHADOW && m.hasSource();
    }

    /** Whether a column name of the table is left out of {@code *} because of m. */
    static boolean hiddenFromStar(ManagedColumn m, String column) {
        return (column.equals(m.name()) && newHiddenFromStar(m))
                || (sourceVirtual(m) && column.equals(m.source()));
    }
}
