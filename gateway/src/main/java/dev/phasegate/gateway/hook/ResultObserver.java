package dev.phasegate.gateway.hook;

import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.backend.ParameterDescription;
import dev.phasegate.gateway.protocol.backend.RowDescription;
import java.util.List;

/**
 * Attached by a {@link Decision} to one request; sees the answer to it. For a simple Query that is
 * every statement's results up to ReadyForQuery; for Describe, its ParameterDescription and
 * RowDescription/NoData; for Execute, its rows and how it ended (Execute gets no RowDescription:
 * the hook knows the portal's columns from its Describe or its plan).
 *
 * <p>Rows and descriptions are decoded only when {@link #filtersRows()} is true; otherwise they
 * travel the zero-copy path and only {@link #onComplete} is called.
 */
public interface ResultObserver {

    /** Whether the session must decode RowDescription, ParameterDescription and DataRow for this observer. */
    default boolean filtersRows() {
        return false;
    }

    /** What the client sees instead of {@code description}; return it unchanged to forward the original bytes. */
    default RowDescription onRowDescription(RowDescription description) {
        return description;
    }

    /** What the client sees instead of a Describe's parameter types. */
    default ParameterDescription onParameterDescription(ParameterDescription description) {
        return description;
    }

    /**
     * What the client sees instead of {@code row}: the same instance (original bytes forwarded),
     * another row (e.g. {@link DataRow#project}), or {@code null} to drop it. The row's values are
     * valid only during this call.
     */
    default DataRow onDataRow(DataRow row) {
        return row;
    }

    /**
     * Notices for the client about the statement that is about to complete: sent as NoticeResponse
     * (their severity as given, e.g. {@code WARNING}) just before its CommandComplete, where
     * PostgreSQL sends its own. Asked when a CommandComplete answering this request arrives,
     * before {@link #onComplete}; an empty list (the default) leaves the CommandComplete on the
     * zero-copy path.
     */
    default List<ErrorResponse> notices() {
        return List.of();
    }

    /**
     * The request, or one statement of a simple Query, finished. Called once per CommandComplete,
     * EmptyQueryResponse, PortalSuspended or ErrorResponse that answers it, once for the
     * acknowledgement of a Parse, Bind or Describe, and with {@link StatementOutcome.Kind#SKIPPED}
     * for a request the server never ran.
     */
    default void onComplete(StatementOutcome outcome) {
    }
}
