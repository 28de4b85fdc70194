package dev.phasegate.gateway.protocol.backend;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** ParameterStatus: the server reports a run-time parameter's value (client_encoding, TimeZone…). */
public record ParameterStatus(String name, String value) {

    /** Decodes a body in place. Names and values are ASCII in practice; read as UTF-8. */
    public static ParameterStatus decode(ByteBuf buf, int bodyIndex, int bodyLength) {
        int end = bodyIndex + bodyLength;
        int nameEnd = buf.indexOf(bodyIndex, end, (byte) 0);
        int valueEnd = nameEnd < 0 ? -1 : buf.indexOf(nameEnd + 1, end, (byte) 0);
        if (valueEnd < 0) {
            return new ParameterStatus("", "");
        }
        return new ParameterStatus(buf.toString(bodyIndex, nameEnd - bodyIndex, StandardCharsets.UTF_8),
                buf.toString(nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8));
    }
}
