package dev.phasegate.rewriter;

import dev.phasegate.config.column.ColumnId;
import java.util.Objects;

/**
 * Why a statement was refused: what the gateway sends as an ErrorResponse.
 *
 * @param sqlState  a SQLSTATE; {@value #FEATURE_NOT_SUPPORTED} for everything the rewriter refuses
 * @param message   names the column and the construct
 * @param column    the managed column concerned, or {@code null} when the statement could not be parsed
 * @param construct the construct that could not be handled ("COPY", "INSERT … SELECT *", "parse error", …)
 */
public record RewriteError(String sqlState, String message, ColumnId column, String construct) {

    public static final String FEATURE_NOT_SUPPORTED = "0A000";

    public RewriteError {
        Objects.requireNonNull(sqlState, "sqlState");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(construct, "construct");
    }
}
