package dev.phasegate.gateway.protocol.frontend;

import dev.phasegate.gateway.protocol.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first packet of a session: protocol version and parameters ({@code user}, {@code database},
 * {@code application_name}, {@code options}, GUCs…). The gateway forwards the original bytes; this
 * decoded form serves the session's identity and logs.
 */
public record StartupMessage(int majorVersion, int minorVersion, Map<String, String> parameters) {

    public static final int PROTOCOL_MAJOR = 3;

    public StartupMessage {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Decodes a startup packet's body (after its length word).
     *
     * @param code the protocol version word, already read
     */
    public static StartupMessage decode(int code, ByteBuf body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            int length = body.bytesBefore((byte) 0);
            if (length < 0) {
                throw new ProtocolViolationException("invalid startup packet layout: expected terminator as last byte");
            }
            if (length == 0) {
                body.skipBytes(1);
                break;
            }
            String name = body.readCharSequence(length, StandardCharsets.UTF_8).toString();
            body.skipBytes(1);
            int valueLength = body.bytesBefore((byte) 0);
            if (valueLength < 0) {
                throw new ProtocolViolationException("invalid startup packet layout: no value for parameter '"
                        + name + "'");
            }
            parameters.put(name, body.readCharSequence(valueLength, StandardCharsets.UTF_8).toString());
            body.skipBytes(1);
        }
        if (body.isReadable()) {
            throw new ProtocolViolationException("invalid startup packet layout: bytes after the terminator");
        }
        if (!parameters.containsKey("user")) {
            throw new ProtocolViolationException("no PostgreSQL user name specified in startup packet");
        }
        return new StartupMessage(code >>> 16, code & 0xffff, parameters);
    }

    public String user() {
        return parameters.get("user");
    }

    /** The database asked for; PostgreSQL defaults it to the user name. */
    public String database() {
        return parameters.getOrDefault("database", user());
    }

    public String applicationName() {
        return parameters.getOrDefault("application_name", "");
    }
}
