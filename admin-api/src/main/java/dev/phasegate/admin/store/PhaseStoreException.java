package dev.phasegate.admin.store;

import dev.phasegate.config.column.ColumnId;

/** Why a phase-store operation failed. */
public abstract sealed class PhaseStoreException extends RuntimeException {

    private PhaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The store could not be read or written (connection refused, I/O error, …). */
    public static final class Unavailable extends PhaseStoreException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No column with this id is stored. */
    public static final class UnknownColumn extends PhaseStoreException {
        private final ColumnId column;

        public UnknownColumn(ColumnId column) {
            super("no managed column " + column, null);
            this.column = column;
        }

        public ColumnId column() {
            return column;
        }
    }

    /** A column with this id is already stored. */
    public static final class AlreadyExists extends PhaseStoreException {
        private final ColumnId column;

        public AlreadyExists(ColumnId column) {
            super("column " + column + " is already managed", null);
            this.column = column;
        }

        public ColumnId column() {
            return column;
        }
    }

    /** The column changed since the caller read it (optimistic lock). */
    public static final class VersionConflict extends PhaseStoreException {
        private final ColumnId column;
        private final long expected;
        private final long actual;

        public VersionConflict(ColumnId column, long expected, long actual) {
            super(column + " was changed concurrently (expected version " + expected + ", found " + actual
                    + "); read it again and retry", null);
            this.column = column;
            this.expected = expected;
            this.actual = actual;
        }

        public ColumnId column() {
            return column;
        }

        public long expected() {
            return expected;
        }

        public long actual() {
            return actual;
        }
    }
}
