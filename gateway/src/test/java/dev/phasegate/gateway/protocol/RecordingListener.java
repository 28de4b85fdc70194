package dev.phasegate.gateway.protocol;

import dev.phasegate.gateway.protocol.frontend.CancelRequest;
import dev.phasegate.gateway.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/** Records what a decoder reports; answers {@code onFrame} with a verdict chosen per type byte. */
final class RecordingListener implements FrontendListener {

    final List<String> events = new ArrayList<>();
    final List<ByteBuf> handled = new ArrayList<>();
    final ByteBuf forwarded = Unpooled.buffer();
    final List<Integer> runSizes = new ArrayList<>();
    /** The buffers forwarded, by identity (released once their bytes are copied). */
    final List<ByteBuf> runBuffers = new ArrayList<>();
    StartupMessage startup;
    IntUnaryOperator verdict = type -> PASS;
    /** What {@code inspect} answers, per type byte. */
    IntUnaryOperator afterInspect = type -> PASS;

    @Override
    public void onSslRequest() {
        events.add("SSLRequest");
    }

    @Override
    public void onGssEncRequest() {
        events.add("GSSENCRequest");
    }

    @Override
    public void onCancelRequest(CancelRequest request) {
        events.add("CancelRequest " + request.processId());
    }

    @Override
    public void onStartupMessage(StartupMessage message, ByteBuf packet) {
        startup = message;
        events.add("StartupMessage " + packet.readableBytes());
        packet.release();
    }

    @Override
    public int onFrame(byte type, int length) {
        events.add("frame " + (char) type + " " + length);
        return verdict.applyAsInt(type);
    }

    @Override
    public int inspect(byte type, ByteBuf body, int bodyIndex, int bodyLength) {
        events.add("inspect " + (char) type + " " + body.toString(bodyIndex, bodyLength,
                java.nio.charset.StandardCharsets.ISO_8859_1));
        return afterInspect.applyAsInt(type);
    }

    @Override
    public void handle(byte type, ByteBuf frame) {
        events.add("handle " + (char) type + " " + frame.readableBytes());
        handled.add(frame);
    }

    @Override
    public void forward(ByteBuf run) {
        runSizes.add(run.readableBytes());
        runBuffers.add(run);
        forwarded.writeBytes(run);
        run.release();
    }

    void release() {
        handled.forEach(ByteBuf::release);
        forwarded.release();
    }
}
