package dev.phasegate.gateway.hook;

import dev.phasegate.gateway.protocol.backend.ErrorResponse;

/**
 * How a request (or one statement of a simple Query) ended, for the audit.
 *
 * @param commandTag    CommandComplete's tag ({@code UPDATE 3}), else {@code null}
 * @param rows          the tag's row count, or -1
 * @param error         the ErrorResponse for {@link Kind#FAILED}, else {@code null}
 * @param durationNanos from forwarding the request to the message that ended it
 */
public record StatementOutcome(Kind kind, String commandTag, long rows, ErrorResponse error, long durationNanos) {

    public enum Kind {
        /** CommandComplete. */
        COMPLETED,
        /** EmptyQueryResponse: the statement was empty. */
        EMPTY,
        /** PortalSuspended: Execute's row limit was reached; the portal can run on. */
        SUSPENDED,
        /** ParseComplete, BindComplete, CloseComplete, or the answer to a Describe. */
        ACKNOWLEDGED,
        /** ErrorResponse. */
        FAILED,
        /** Never run: an earlier message of the same batch failed, or the session ended first. */
        SKIPPED
    }

    /** The SQLSTATE of a failure, else {@code null}. */
    public String sqlState() {
        return error == null ? null : error.sqlState();
    }
}
