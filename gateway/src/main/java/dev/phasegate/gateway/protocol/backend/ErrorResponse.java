package dev.phasegate.gateway.protocol.backend;

import dev.phasegate.gateway.protocol.SqlState;
import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ErrorResponse (and, with {@link #encodeAsNotice}, NoticeResponse): fields keyed by their
 * one-byte codes ({@code S} severity, {@code V} untranslated severity, {@code C} SQLSTATE,
 * {@code M} message, {@code D} detail, {@code H} hint, …).
 *
 * <p>The named constructors are the errors the gateway itself reports.
 */
public record ErrorResponse(Map<Character, String> fields) {

    public static final String ERROR = "ERROR";
    public static final String FATAL = "FATAL";

    public ErrorResponse {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static ErrorResponse of(String severity, String sqlState, String message) {
        Map<Character, String> f = new LinkedHashMap<>();
        f.put('S', severity);
        f.put('V', severity);
        f.put('C', sqlState);
        f.put('M', message);
        return new ErrorResponse(f);
    }

    /** A statement-level error (the session goes on). */
    public static ErrorResponse error(String sqlState, String message) {
        return of(ERROR, sqlState, message);
    }

    /** A session-ending error. */
    public static ErrorResponse fatal(String sqlState, String message) {
        return of(FATAL, sqlState, message);
    }

    /** 08P01: the client broke the protocol; the session ends. */
    public static ErrorResponse protocolViolation(String message) {
        return fatal(SqlState.PROTOCOL_VIOLATION, message);
    }

    /** 08001: the upstream could not be reached. */
    public static ErrorResponse unableToConnect(String message) {
        return fatal(SqlState.UNABLE_TO_CONNECT, message);
    }

    /** 08006: the upstream connection broke mid-session. */
    public static ErrorResponse connectionFailure(String message) {
        return fatal(SqlState.CONNECTION_FAILURE, message);
    }

    /** 57P01: the gateway is shutting down. */
    public static ErrorResponse adminShutdown() {
        return fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection because the gateway is shutting down");
    }

    /**
     * 0A000 "cached plan must not change result type", as PostgreSQL reports it (routine
     * {@code RevalidateCachedQuery}): for a prepared statement whose plan is no longer valid. Drivers
     * recognise it and prepare the statement again (PgJDBC retries transparently outside a failed
     * transaction), so a hook rejecting a stale statement's Bind or Execute with it costs the
     * application nothing.
     */
    public static ErrorResponse cachedPlanMustNotChangeResultType(String detail) {
        Map<Character, String> f = new LinkedHashMap<>(error(SqlState.FEATURE_NOT_SUPPORTED,
                "cached plan must not change result type").fields());
        if (detail != null) {
            f.put('D', detail);
        }
        f.put('R', "RevalidateCachedQuery");
        return new ErrorResponse(f);
    }

    /** XX000: a fault inside the gateway. */
    public static ErrorResponse internalError(String message) {
        return error(SqlState.INTERNAL_ERROR, message);
    }

    public ErrorResponse withDetail(String detail) {
        Map<Character, String> f = new LinkedHashMap<>(fields);
        f.put('D', detail);
        return new ErrorResponse(f);
    }

    public ErrorResponse withHint(String hint) {
        Map<Character, String> f = new LinkedHashMap<>(fields);
        f.put('H', hint);
        return new ErrorResponse(f);
    }

    public String severity() {
        return fields.getOrDefault('V', fields.get('S'));
    }

    public String sqlState() {
        return fields.get('C');
    }

    public String message() {
        return fields.get('M');
    }

    public boolean isFatal() {
        String s = severity();
        return FATAL.equals(s) || "PANIC".equals(s);
    }

    /** Decodes a complete ErrorResponse or NoticeResponse frame. */
    public static ErrorResponse decode(ByteBuf frame, Charset charset) {
        return decodeBody(Wire.body(frame), charset);
    }

    public static ErrorResponse decodeBody(ByteBuf body, Charset charset) {
        Map<Character, String> f = new LinkedHashMap<>();
        while (body.isReadable()) {
            byte code = body.readByte();
            if (code == 0) {
                break;
            }
            f.put((char) code, Wire.readCString(body, charset));
        }
        return new ErrorResponse(f);
    }

    /**
     * Reads one field of an ErrorResponse body in place, without decoding the others.
     *
     * @return the field's value, or {@code null} if absent
     */
    public static String field(ByteBuf buf, int bodyIndex, int bodyLength, char code) {
        int i = bodyIndex;
        int end = bodyIndex + bodyLength;
        while (i < end) {
            byte c = buf.getByte(i);
            if (c == 0) {
                return null;
            }
            int nul = buf.indexOf(i + 1, end, (byte) 0);
            if (nul < 0) {
                return null;
            }
            if (c == code) {
                return buf.toString(i + 1, nul - i - 1, StandardCharsets.UTF_8);
            }
            i = nul + 1;
        }
        return null;
    }

    public ByteBuf encode(ByteBufAllocator alloc, Charset charset) {
        return encode(alloc, charset, BackendType.ERROR_RESPONSE);
    }

    public ByteBuf encodeAsNotice(ByteBufAllocator alloc, Charset charset) {
        return encode(alloc, charset, BackendType.NOTICE_RESPONSE);
    }

    private ByteBuf encode(ByteBufAllocator alloc, Charset charset, byte type) {
        ByteBuf buf = Wire.begin(alloc, type, 64);
        fields.forEach((code, value) -> {
            buf.writeByte(code);
            Wire.writeCString(buf, value, charset);
        });
        buf.writeByte(0);
        return Wire.finish(buf);
    }

    @Override
    public String toString() {
        return severity() + " " + sqlState() + " " + message();
    }
}
