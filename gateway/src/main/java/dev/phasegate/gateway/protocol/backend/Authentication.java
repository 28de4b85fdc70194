package dev.phasegate.gateway.protocol.backend;

import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The Authentication* family ('R'): one int32 code, then code-specific data. */
public final class Authentication {

    public static final int OK = 0;
    public static final int CLEARTEXT_PASSWORD = 3;
    public static final int MD5_PASSWORD = 5;
    public static final int SASL = 10;
    public static final int SASL_CONTINUE = 11;
    public static final int SASL_FINAL = 12;

    /** The SCRAM variant with channel binding, which cannot survive two different TLS channels. */
    public static final String SCRAM_SHA_256_PLUS = "SCRAM-SHA-256-PLUS";

    private Authentication() {
    }

    /** The code of an Authentication body, read in place. */
    public static int code(ByteBuf buf, int bodyIndex) {
        return buf.getInt(bodyIndex);
    }

    /** The mechanisms an AuthenticationSASL frame offers. */
    public static List<String> saslMechanisms(ByteBuf frame) {
        ByteBuf body = Wire.body(frame);
        body.skipBytes(4);
        List<String> mechanisms = new ArrayList<>();
        while (body.isReadable()) {
            String m = Wire.readCString(body, StandardCharsets.UTF_8);
            if (m.isEmpty()) {
                break;
            }
            mechanisms.add(m);
        }
        return mechanisms;
    }

    public static ByteBuf encodeSasl(ByteBufAllocator alloc, List<String> mechanisms) {
        ByteBuf buf = Wire.begin(alloc, BackendType.AUTHENTICATION, 32);
        buf.writeInt(SASL);
        for (String m : mechanisms) {
            Wire.writeCString(buf, m, StandardCharsets.UTF_8);
        }
        buf.writeByte(0);
        return Wire.finish(buf);
    }
}
