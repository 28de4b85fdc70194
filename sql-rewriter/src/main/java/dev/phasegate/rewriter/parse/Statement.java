package dev.phasegate.rewriter.parse;

import java.util.Objects;
import org.apache.calcite.sql.SqlNode;

/** One parsed statement of a query string and the range {@code [start, end)} it occupies. */
public record Statement(SqlNode node, int start, int end) {
    public Statement {
        Objects.requireNonNull(node, "node");
    }
}
