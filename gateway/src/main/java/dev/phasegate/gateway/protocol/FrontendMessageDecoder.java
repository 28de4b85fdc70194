package dev.phasegate.gateway.protocol;

import dev.phasegate.gateway.protocol.frontend.CancelRequest;
import dev.phasegate.gateway.protocol.frontend.FrontendType;
import dev.phasegate.gateway.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;

/**
 * Decodes what a client sends. Two phases, as in the protocol:
 * <ol>
 *   <li>startup: untyped packets ({@code int32 length, int32 code, …}): SSLRequest, GSSENCRequest,
 *       CancelRequest, StartupMessage; anything else is garbage and refused;</li>
 *   <li>typed: {@code byte type, int32 length, body} frames, checked against the known frontend
 *       types and against {@code maxFrameBytes}.</li>
 * </ol>
 * A violation reaches the session as a {@link ProtocolViolationException} through
 * {@code exceptionCaught}; the decoder drops all input after it.
 */
public final class FrontendMessageDecoder extends PgFrameDecoder {

    /** PostgreSQL's own limit on a startup packet (MAX_STARTUP_PACKET_LENGTH). */
    public static final int MAX_STARTUP_PACKET = 10_000;
    public static final int SSL_REQUEST_CODE = 80877103;
    public static final int GSSENC_REQUEST_CODE = 80877104;

    private final FrontendListener frontend;
    private final long maxFrameBytes;

    public FrontendMessageDecoder(FrontendListener listener, long maxFrameBytes) {
        super(listener, false);
        this.frontend = listener;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decodeStartup(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        if (length < 8 || length > MAX_STARTUP_PACKET) {
            throw new ProtocolViolationException("invalid length of startup packet: " + Integer.toUnsignedString(length));
        }
        if (in.readableBytes() < length) {
            return;
        }
        int code = in.getInt(start + 4);
        if (code == SSL_REQUEST_CODE || code == GSSENC_REQUEST_CODE) {
            if (length != 8) {
                throw new ProtocolViolationException("invalid length of " + (code == SSL_REQUEST_CODE ? "SSLRequest"
                        : "GSSENCRequest") + ": " + length);
            }
            in.skipBytes(8);
            if (in.isReadable()) {
                // CVE-2021-23214: bytes sent before the answer could be injected into the TLS session.
                throw new ProtocolViolationException("received unencrypted data after "
                        + (code == SSL_REQUEST_CODE ? "SSL" : "GSSAPI encryption") + " request");
            }
            if (code == SSL_REQUEST_CODE) {
                frontend.onSslRequest();
            } else {
                frontend.onGssEncRequest();
            }
            return;
        }
        if (code == CancelRequest.CODE) {
            if (length < 16 || length > 12 + 256) {
                throw new ProtocolViolationException("invalid length of CancelRequest: " + length);
            }
            CancelRequest request = CancelRequest.decode(in.slice(start + 8, length - 8));
            in.skipBytes(length);
            frontend.onCancelRequest(request);
            return;
        }
        if (code >>> 16 != StartupMessage.PROTOCOL_MAJOR) {
            throw new ProtocolViolationException("unsupported frontend protocol " + (code >>> 16) + "."
                    + (code & 0xffff) + ": server supports 3.0 to 3.x");
        }
        StartupMessage message = StartupMessage.decode(code, in.slice(start + 8, length - 8));
        ByteBuf packet = in.retainedSlice(start, length);
        in.skipBytes(length);
        enterTypedPhase();
        pause();
        frontend.onStartupMessage(message, packet);
    }

    @Override
    protected void checkFrame(byte type, int length) {
        if (!FrontendType.isKnown(type)) {
            throw new ProtocolViolationException("invalid frontend message type " + describe(type));
        }
        if (length < 4) {
            throw new ProtocolViolationException("invalid message length " + length + " for "
                    + FrontendType.name(type));
        }
        if (length > maxFrameBytes) {
            throw new ProtocolViolationException(FrontendType.name(type) + " message of " + length
                    + " bytes exceeds the gateway's limit of " + maxFrameBytes + " bytes (proxy.maxFrameBytes)");
        }
    }

    private static String describe(byte type) {
        int b = type & 0xff;
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "' (0x" + Integer.toHexString(b) + ")"
                : "0x" + Integer.toHexString(b);
    }
}
