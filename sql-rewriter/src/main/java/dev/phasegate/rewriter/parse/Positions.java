package dev.phasegate.rewriter.parse;

import dev.phasegate.rewriter.splice.Span;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Calcite positions (1-based line and column, end inclusive, UTF-16 columns, tab = 1 column, lines
 * ending at {@code \n}, {@code \r\n} or a lone {@code \r}) as character offsets of one text, and
 * the span of a whole subtree (parser positions of a call do not always cover its operands).
 */
public final class Positions {

    private final String text;
    private final int[] lineStarts;
    private final Map<SqlNode, Span> subtreeSpans = new IdentityHashMap<>();

    public Positions(String text) {
        this.text = text;
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    public String text() {
        return text;
    }

    public boolean known(SqlParserPos pos) {
        return pos != null && pos.getLineNum() > 0 && pos.getColumnNum() > 0;
    }

    public int start(SqlParserPos pos) {
        return offset(pos.getLineNum(), pos.getColumnNum());
    }

    public int end(SqlParserPos pos) {
        return Math.min(text.length(), offset(pos.getEndLineNum(), pos.getEndColumnNum()) + 1);
    }

    public Span span(SqlParserPos pos) {
        return new Span(start(pos), end(pos));
    }

    /** The node's own position as a span. */
    public Span of(SqlNode node) {
        return span(node.getParserPosition());
    }

    /** The span of one component of a compound identifier ({@code u} of {@code u.email}). */
    public Span component(SqlIdentifier id, int i) {
        if (id.names.size() == 1) {
            return of(id);
        }
        return span(id.getComponentParserPosition(i));
    }

    /** The union of the positions of the node and all its descendants. */
    public Span subtree(SqlNode node) {
        Span span = subtreeOrNull(node);
        if (span == null) {
            throw new IllegalStateException("no position for " + node.getKind());
        }
        return span;
    }

    private Span subtreeOrNull(SqlNode node) {
        Span cached = subtreeSpans.get(node);
        if (cached != null) {
            return cached;
        }
        Span span = known(node.getParserPosition()) ? of(node) : null;
        if (node instanceof SqlNodeList list) {
            for (SqlNode child : list) {
                if (child != null) {
                    span = union(span, subtreeOrNull(child));
                }
            }
        } else if (node instanceof SqlCall call) {
            for (SqlNode child : call.getOperandList()) {
                if (child != null) {
                    span = union(span, subtreeOrNull(child));
                }
            }
        }
        if (span != null) {
            subtreeSpans.put(node, span);
        }
        return span;
    }

    private static Span union(Span a, Span b) {
        return a == null ? b : b == null ? a : a.union(b);
    }

    private int offset(int line, int column) {
        if (line < 1 || line > lineStarts.length || column < 1) {
            throw new IllegalArgumentException("position line " + line + ", column " + column + " is outside the text");
        }
        return Math.min(text.length(), lineStarts[line - 1] + column - 1);
    }
}
