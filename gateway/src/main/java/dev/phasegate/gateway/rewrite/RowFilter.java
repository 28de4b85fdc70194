package dev.phasegate.gateway.rewrite;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.gateway.protocol.backend.RowDescription;
import dev.phasegate.rewriter.ResultFilter;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;

/**
 * Applies one statement's {@link ResultFilter} to its rows: drops the columns the plan removed,
 * checks the trailing shadow-check booleans, then drops them too. The upstream's column count is
 * only known from the first RowDescription or DataRow (a {@code *} expands upstream), so the
 * projection is computed for it once and reused. Used on one session's event loop only.
 *
 * <p>Shadow checks are read format-agnostic: a text {@code t} and a binary {@code 1} both mean the
 * row's new column agrees with {@code up(source)}.
 */
final class RowFilter {

    private final ResultFilter filter;
    private int fieldCount = -1;
    private int[] keep;
    /** Per shadow check: rows where it failed. */
    private final long[] mismatches;
    private long rows;
    private long seen;

    RowFilter(ResultFilter filter) {
        this.filter = filter;
        this.mismatches = new long[filter.shadowChecks().size()];
    }

    boolean isEmpty() {
        return filter.isEmpty();
    }

    ResultFilter filter() {
        return filter;
    }

    /** The upstream columns the client sees, for {@code fieldCount} upstream columns. */
    int[] keep(int fieldCount) {
        if (fieldCount != this.fieldCount) {
            this.fieldCount = fieldCount;
            this.keep = keepIndexes(filter, fieldCount);
        }
        return keep;
    }

    static int[] keepIndexes(ResultFilter filter, int fieldCount) {
        int checks = filter.trailingCheckColumns();
        int end = Math.max(0, fieldCount - checks);
        int[] kept = new int[end];
        int n = 0;
        List<Integer> dropped = filter.droppedColumns();
        for (int i = 0; i < end; i++) {
            if (!dropped.contains(i)) {
                kept[n++] = i;
            }
        }
        return n == kept.length ? kept : Arrays.copyOf(kept, n);
    }

    RowDescription description(RowDescription upstream) {
        if (filter.isEmpty()) {
            return upstream;
        }
        return upstream.project(keep(upstream.fields().size()));
    }

    /** Checks the row's shadow columns, then returns what the client sees. */
    DataRow row(DataRow upstream) {
        if (filter.isEmpty()) {
            return upstream;
        }
        seen++;
        int count = upstream.columnCount();
        int checks = mismatches.length;
        if (checks > 0 && count >= checks) {
            rows++;
            for (int i = 0; i < checks; i++) {
                if (!agrees(upstream.value(count - checks + i))) {
                    mismatches[i]++;
                }
            }
        }
        return upstream.project(keep(count));
    }

    private static boolean agrees(ByteBuf value) {
        if (value == null || value.readableBytes() != 1) {
            return true; // IS NOT DISTINCT FROM never yields NULL; anything else is not ours to judge
        }
        byte b = value.getByte(value.readerIndex());
        return b == 't' || b == 1;
    }

    /** Rows that went through this filter (only counted when it filters). */
    long seenRows() {
        return seen;
    }

    /** Rows whose shadow checks were read. */
    long checkedRows() {
        return rows;
    }

    boolean anyMismatch() {
        for (long m : mismatches) {
            if (m > 0) {
                return true;
            }
        }
        return false;
    }

    /** Mismatching rows per column (a column checked on two table references counts both). */
    java.util.Map<ColumnId, Long> mismatchesByColumn() {
        if (!anyMismatch()) {
            return java.util.Map.of(); // the usual case, asked once per audited statement
        }
        java.util.Map<ColumnId, Long> byColumn = new java.util.LinkedHashMap<>();
        for (int i = 0; i < mismatches.length; i++) {
            if (mismatches[i] > 0) {
                byColumn.merge(filter.shadowChecks().get(i).column(), mismatches[i], Long::sum);
            }
        }
        return byColumn;
    }

    /**
     * The result format codes the upstream needs when the client asked for {@code clientFormats}
     * (one per column it sees): a code per upstream column, text for the columns it never sees.
     * Codes given as none (all text) or one (all the same) apply to the upstream's columns as they
     * are.
     */
    static short[] upstreamFormats(ResultFilter filter, short[] clientFormats) {
        if (clientFormats.length <= 1 || filter.isEmpty()) {
            return clientFormats;
        }
        int upstreamCount = clientFormats.length + filter.droppedColumns().size() + filter.trailingCheckColumns();
        int[] kept = keepIndexes(filter, upstreamCount);
        short[] formats = new short[upstreamCount];
        for (int i = 0; i < kept.length && i < clientFormats.length; i++) {
            formats[kept[i]] = clientFormats[i];
        }
        return formats;
    }
}
