package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.rewriter.ResultFilter;
import dev.phasegate.rewriter.ShadowCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowFilterTest {

    private static final ColumnId COLUMN = ColumnId.parse("public.users.email_lower");
    private static final ResultFilter ONE_CHECK = ResultFilter.shadow(List.of(new ShadowCheck(COLUMN, "users",
            "users.email_lower IS NOT DISTINCT FROM lower(users.email)")));

    private static DataRow row(Object... values) {
        List<ByteBuf> list = new ArrayList<>();
        for (Object v : values) {
            if (v == null) {
                list.add(null);
            } else if (v instanceof byte[] b) {
                list.add(Unpooled.wrappedBuffer(b));
            } else {
                list.add(Unpooled.copiedBuffer(v.toString(), StandardCharsets.UTF_8));
            }
        }
        return new DataRow(list);
    }

    @Test
    void keepsEverythingButTheDroppedAndTrailingCheckColumns() {
        ResultFilter filter = new ResultFilter(List.of(1), ONE_CHECK.shadowChecks());
        assertThat(RowFilter.keepIndexes(filter, 5)).containsExactly(0, 2, 3);
        assertThat(RowFilter.keepIndexes(ResultFilter.NONE, 3)).containsExactly(0, 1, 2);
    }

    @Test
    void countsMismatchesInTextAndBinaryAndDropsTheCheck() {
        RowFilter rows = new RowFilter(ONE_CHECK);
        DataRow out = rows.row(row("1", "A@x", "t"));
        assertThat(out.columnCount()).isEqualTo(2);
        assertThat(out.text(1, StandardCharsets.UTF_8)).isEqualTo("A@x");
        rows.row(row("2", "B@x", "f"));
        rows.row(row("3", "C@x", new byte[] {1}));
        rows.row(row("4", "D@x", new byte[] {0}));
        assertThat(rows.checkedRows()).isEqualTo(4);
        assertThat(rows.mismatchesByColumn()).containsEntry(COLUMN, 2L);
    }

    @Test
    void widensPerColumnResultFormatsWithTextForColumnsTheClientNeverSees() {
        ResultFilter filter = new ResultFilter(List.of(1), ONE_CHECK.shadowChecks());
        assertThat(RowFilter.upstreamFormats(filter, new short[] {1, 1, 0})).containsExactly(1, 0, 1, 0, 0);
        short[] all = {1};
        assertThat(RowFilter.upstreamFormats(filter, all)).isSameAs(all);
        short[] none = {};
        assertThat(RowFilter.upstreamFormats(filter, none)).isSameAs(none);
    }
}
