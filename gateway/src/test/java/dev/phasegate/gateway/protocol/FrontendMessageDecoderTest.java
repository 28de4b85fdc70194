package dev.phasegate.gateway.protocol;

import static dev.phasegate.gateway.protocol.Pg.assertBytes;
import static dev.phasegate.gateway.protocol.Pg.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrontendMessageDecoderTest {

    private final RecordingListener listener = new RecordingListener();
    private final List<Throwable> errors = new ArrayList<>();
    private final FrontendMessageDecoder decoder = new FrontendMessageDecoder(listener, 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
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

    private void typedPhase() {
        channel.writeInbound(Pg.startup("user", "alice"));
        decoder.resume();
        listener.events.clear();
    }

    private String violation() {
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).isInstanceOf(ProtocolViolationException.class);
        return errors.get(0).getMessage();
    }

    @Test
    void decodesStartupMessageAndHoldsWhatFollowsUntilResumed() {
        channel.writeInbound(concat(Pg.startup("user", "alice", "database", "app", "application_name", "psql"),
                Pg.query("select 1")));

        assertThat(listener.startup.user()).isEqualTo("alice");
        assertThat(listener.startup.database()).isEqualTo("app");
        assertThat(listener.startup.applicationName()).isEqualTo("psql");
        assertThat(listener.events).containsExactly("StartupMessage 55");

        decoder.resume();
        assertThat(listener.events).containsExactly("StartupMessage 55", "frame Q 13");
        assertBytes(listener.forwarded.retainedDuplicate(), Pg.query("select 1"));
    }

    @Test
    void databaseDefaultsToTheUserName() {
        channel.writeInbound(Pg.startup("user", "bob"));
        assertThat(listener.startup.database()).isEqualTo("bob");
    }

    @Test
    void reportsSslRequest() {
        channel.writeInbound(Pg.sslRequest());
        assertThat(listener.events).containsExactly("SSLRequest");
        assertThat(errors).isEmpty();
    }

    @Test
    void refusesBytesPipelinedBehindSslRequest() {
        channel.writeInbound(concat(Pg.sslRequest(), Pg.startup("user", "mallory")));
        assertThat(violation()).isEqualTo("received unencrypted data after SSL request");
        assertThat(listener.events).isEmpty();
    }

    @Test
    void refusesGarbageBeforeStartup() {
        channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        assertThat(violation()).startsWith("invalid length of startup packet");
    }

    @Test
    void refusesUnsupportedProtocolVersion() {
        ByteBuf v2 = Unpooled.buffer().writeInt(9).writeInt(2 << 16).writeByte(0);
        channel.writeInbound(v2);
        assertThat(violation()).startsWith("unsupported frontend protocol 2.0");
    }

    @Test
    void refusesStartupPacketWithoutTerminator() {
        ByteBuf bad = Unpooled.buffer().writeInt(14).writeInt(196608);
        bad.writeCharSequence("user", StandardCharsets.US_ASCII);
        bad.writeShort(0x6100);
        channel.writeInbound(bad);
        assertThat(violation()).startsWith("invalid startup packet layout");
    }

    @Test
    void waitsForTheRestOfATruncatedStartupPacket() {
        ByteBuf whole = Pg.startup("user", "alice");
        channel.writeInbound(whole.readRetainedSlice(10));
        whole.release();
        assertThat(listener.events).isEmpty();
        assertThat(errors).isEmpty();
        assertThat(decoder.hasPartialInput()).isTrue();
    }

    @Test
    void decodesCancelRequest() {
        channel.writeInbound(Unpooled.buffer().writeInt(16).writeInt(80877102).writeInt(4711).writeInt(42));
        assertThat(listener.events).containsExactly("CancelRequest 4711");
    }

    @Test
    void refusesUnknownMessageType() {
        typedPhase();
        channel.writeInbound(Pg.frame('z', (byte) 1));
        assertThat(violation()).isEqualTo("invalid frontend message type 'z' (0x7a)");
    }

    @Test
    void refusesLengthBelowFour() {
        typedPhase();
        channel.writeInbound(Unpooled.buffer().writeByte('Q').writeInt(3));
        assertThat(violation()).isEqualTo("invalid message length 3 for Query");
    }

    @Test
    void refusesFrameOverTheLimitFromItsHeaderAlone() {
        typedPhase();
        channel.writeInbound(Unpooled.buffer().writeByte('Q').writeInt(5000).writeByte('s'));
        assertThat(violation()).contains("5000 bytes exceeds the gateway's limit of 1024 bytes");
    }

    @Test
    void dropsEverythingAfterAViolation() {
        typedPhase();
        channel.writeInbound(Pg.frame('z'));
        channel.writeInbound(Pg.query("select 1"));
        assertThat(listener.events).isEmpty();
        assertThat(errors).hasSize(1);
    }

    @Test
    void coalescesPassThroughFramesOfOneReadIntoOneRun() {
        typedPhase();
        channel.writeInbound(concat(Pg.parse("", "select $1"), Pg.frame('H'), Pg.sync()));
        assertThat(listener.events).containsExactly("frame P 17", "frame H 4", "frame S 4");
        assertThat(listener.runSizes).containsExactly(28);
    }

    @Test
    void streamsAPassThroughFrameAsItArrives() {
        typedPhase();
        ByteBuf copyData = Pg.frame('d', new byte[600]);
        channel.writeInbound(copyData.readRetainedSlice(100));
        channel.writeInbound(copyData.readRetainedSlice(300));
        channel.writeInbound(copyData.readRetainedSlice(205));
        copyData.release();
        assertThat(listener.events).containsExactly("frame d 604");
        assertThat(listener.runSizes).containsExactly(100, 300, 205);
        assertThat(decoder.hasPartialInput()).isFalse();
    }

    @Test
    void handsOverAHandledFrameWholeOnceItHasArrived() {
        typedPhase();
        listener.verdict = type -> type == 'Q' ? FrameListener.HANDLE : FrameListener.PASS;
        ByteBuf both = concat(Pg.sync(), Pg.query("select 'a rather long statement'"));
        channel.writeInbound(both.readRetainedSlice(12));
        assertThat(listener.handled).isEmpty();
        channel.writeInbound(both.readRetainedSlice(both.readableBytes()));
        both.release();

        // The verdict is asked once per frame, however many reads it takes.
        assertThat(listener.events).containsExactly("frame S 4", "frame Q 37", "handle Q 38");
        assertThat(listener.runSizes).containsExactly(5);
        assertBytes(listener.handled.remove(0), Pg.query("select 'a rather long statement'"));
    }

    @Test
    void holdsAFrameUntilResumedAndThenAsksAgain() {
        typedPhase();
        int[] asked = {0};
        listener.verdict = type -> type == 'Q' && asked[0]++ == 0 ? FrameListener.HOLD : FrameListener.PASS;
        channel.writeInbound(concat(Pg.sync(), Pg.query("x"), Pg.sync()));
        assertThat(listener.events).containsExactly("frame S 4", "frame Q 6");
        assertThat(listener.runSizes).containsExactly(5);

        decoder.resume();
        assertThat(listener.events).containsExactly("frame S 4", "frame Q 6", "frame Q 6", "frame S 4");
        assertThat(listener.runSizes).containsExactly(5, 12);
    }

    @Test
    void showsAnInspectedFrameInPlaceAndForwardsItUnchanged() {
        typedPhase();
        listener.verdict = type -> type == 'Q' ? FrameListener.INSPECT : FrameListener.PASS;
        channel.writeInbound(concat(Pg.query("x"), Pg.sync()));
        assertThat(listener.events).containsExactly("frame Q 6", "inspect Q x\0", "frame S 4");
        assertThat(listener.runSizes).containsExactly(12);
    }

    @Test
    void takesAnInspectedFrameOutOfItsRunWhenTheListenerHandlesIt() {
        typedPhase();
        listener.verdict = type -> type == 'B' || type == 'E' ? FrameListener.INSPECT : FrameListener.PASS;
        listener.afterInspect = type -> type == 'E' ? FrameListener.HANDLE : FrameListener.PASS;
        ByteBuf bind = Pg.frame('B', (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
        ByteBuf execute = Pg.frame('E', (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
        channel.writeInbound(concat(bind, execute, Pg.sync()));
        assertThat(listener.events).containsExactly("frame B 12", "inspect B \0\0\0\0\0\0\0\0",
                "frame E 9", "inspect E \0\0\0\0\0", "handle E 10", "frame S 4");
        assertThat(listener.runSizes).as("the passed Bind and the Sync, around the handled Execute").containsExactly(13, 5);
    }
}
