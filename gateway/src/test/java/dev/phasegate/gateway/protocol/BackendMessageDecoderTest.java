package dev.phasegate.gateway.protocol;

import static dev.phasegate.gateway.protocol.Pg.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackendMessageDecoderTest {

    private final RecordingListener listener = new RecordingListener();
    private final List<Throwable> errors = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new BackendMessageDecoder(listener),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    errors.add(cause);
                }
            });

    @AfterEach
    void release() {
        listener.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void forwardsAThousandRowsOfOneReadAsOneRun() {
        ByteBuf rows = Unpooled.buffer();
        for (int i = 0; i < 1000; i++) {
            ByteBuf row = Pg.dataRow("row " + i);
            rows.writeBytes(row);
            row.release();
        }
        int size = rows.readableBytes();
        channel.writeInbound(concat(rows, Pg.commandComplete("SELECT 1000"), Pg.readyForQuery('I')));
        assertThat(listener.runSizes).containsExactly(size + 17 + 6);
    }

    @Test
    void handsAReadOfWholePassedFramesOnAsTheReadBufferItself() {
        listener.verdict = type -> type == 'Z' ? FrameListener.INSPECT : FrameListener.PASS;
        ByteBuf read = concat(Pg.commandComplete("SELECT 1"), Pg.readyForQuery('I'));
        channel.writeInbound(read);
        assertThat(listener.runBuffers).singleElement().isSameAs(read);
        assertThat(listener.runSizes).containsExactly(14 + 6);
        assertThat(read.refCnt()).as("released by the listener, not again by the decoder").isZero();
    }

    @Test
    void handsOnTheRestOfTheReadBufferAfterAHandledFrame() {
        listener.verdict = type -> type == 'T' ? FrameListener.HANDLE : FrameListener.PASS;
        ByteBuf description = Pg.frame('T', (byte) 0, (byte) 0);
        ByteBuf read = concat(Pg.commandComplete("SELECT 1"), description, Pg.readyForQuery('I'));
        channel.writeInbound(read);
        assertThat(listener.events).containsExactly("frame C 13", "frame T 6", "handle T 7", "frame Z 5");
        assertThat(listener.runSizes).containsExactly(14, 6);
        assertThat(listener.runBuffers.get(0)).isNotSameAs(read);
        assertThat(listener.runBuffers.get(1)).isSameAs(read);
        assertThat(listener.forwarded.getByte(14)).isEqualTo((byte) 'Z');
    }

    @Test
    void keepsAnIncompleteFrameAndForwardsOnlyTheCompleteOnesBeforeIt() {
        ByteBuf all = concat(Pg.commandComplete("SELECT 1"), Pg.readyForQuery('I'));
        channel.writeInbound(all.readRetainedSlice(14 + 3));
        assertThat(listener.runSizes).containsExactly(14);
        channel.writeInbound(all);
        assertThat(listener.runSizes).containsExactly(14, 6);
        assertThat(listener.forwarded.readableBytes()).isEqualTo(20);
    }

    @Test
    void inspectsReadyForQuerySplitAcrossReads() {
        listener.verdict = type -> type == 'Z' ? FrameListener.INSPECT : FrameListener.PASS;
        ByteBuf all = concat(Pg.commandComplete("SELECT 1"), Pg.readyForQuery('T'));
        channel.writeInbound(all.readRetainedSlice(all.readableBytes() - 1));
        channel.writeInbound(all.readRetainedSlice(1));
        all.release();
        assertThat(listener.events).containsExactly("frame C 13", "frame Z 5", "inspect Z T");
        assertThat(listener.runSizes).containsExactly(14, 6);
    }

    @Test
    void letsUnknownTypesThrough() {
        channel.writeInbound(Pg.frame('~', (byte) 1, (byte) 2));
        assertThat(errors).isEmpty();
        assertThat(listener.runSizes).containsExactly(7);
    }

    @Test
    void refusesLengthBelowFour() {
        channel.writeInbound(Unpooled.buffer().writeByte('D').writeInt(2));
        assertThat(errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("upstream sent DataRow with invalid length 2");
    }
}
