package dev.phasegate.gateway.protocol;

import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Builds protocol bytes inline for tests, and compares bytes with a hex dump on mismatch. */
public final class Pg {

    private Pg() {
    }

    public static ByteBuf frame(char type, Consumer<ByteBuf> body) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(type);
        buf.writeInt(0);
        body.accept(buf);
        buf.setInt(1, buf.writerIndex() - 1);
        return buf;
    }

    public static ByteBuf frame(char type, byte... body) {
        return frame(type, b -> b.writeBytes(body));
    }

    public static void cstring(ByteBuf buf, String s) {
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        buf.writeByte(0);
    }

    public static ByteBuf query(String sql) {
        return frame('Q', b -> cstring(b, sql));
    }

    public static ByteBuf parse(String name, String sql) {
        return frame('P', b -> {
            cstring(b, name);
            cstring(b, sql);
            b.writeShort(0);
        });
    }

    /** A Bind with text parameters ({@code null}: SQL NULL) and text results. */
    public static ByteBuf bind(String portal, String statement, String... values) {
        return frame('B', b -> {
            cstring(b, portal);
            cstring(b, statement);
            b.writeShort(0);
            values(b, values);
            b.writeShort(0);
        });
    }

    public static ByteBuf describe(char kind, String name) {
        return frame('D', b -> {
            b.writeByte(kind);
            cstring(b, name);
        });
    }

    public static ByteBuf execute(String portal) {
        return frame('E', b -> {
            cstring(b, portal);
            b.writeInt(0);
        });
    }

    public static ByteBuf sync() {
        return frame('S');
    }

    public static ByteBuf startup(String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(0);
        buf.writeInt(196608);
        params.forEach((k, v) -> {
            cstring(buf, k);
            cstring(buf, v);
        });
        buf.writeByte(0);
        buf.setInt(0, buf.writerIndex());
        return buf;
    }

    public static ByteBuf sslRequest() {
        return Unpooled.buffer().writeInt(8).writeInt(80877103);
    }

    public static ByteBuf readyForQuery(char status) {
        return frame('Z', (byte) status);
    }

    public static ByteBuf commandComplete(String tag) {
        return frame('C', b -> cstring(b, tag));
    }

    public static ByteBuf error(String sqlState, String message) {
        return frame('E', b -> {
            b.writeByte('S');
            cstring(b, "ERROR");
            b.writeByte('V');
            cstring(b, "ERROR");
            b.writeByte('C');
            cstring(b, sqlState);
            b.writeByte('M');
            cstring(b, message);
            b.writeByte(0);
        });
    }

    public static ByteBuf dataRow(String... values) {
        return frame('D', b -> values(b, values));
    }

    /** An int16 count, then each value as int32 length and UTF-8 bytes, -1 for NULL (Bind and DataRow alike). */
    private static void values(ByteBuf b, String... values) {
        b.writeShort(values.length);
        for (String v : values) {
            if (v == null) {
                b.writeInt(-1);
            } else {
                byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                b.writeInt(bytes.length).writeBytes(bytes);
            }
        }
    }

    public static ByteBuf rowDescription(String... names) {
        return frame('T', b -> {
            b.writeShort(names.length);
            for (String n : names) {
                cstring(b, n);
                b.writeInt(0).writeShort(0).writeInt(25).writeShort(-1).writeInt(-1).writeShort(0);
            }
        });
    }

    public static ByteBuf authenticationOk() {
        return frame('R', b -> b.writeInt(0));
    }

    public static ByteBuf authenticationSasl(String... mechanisms) {
        return frame('R', b -> {
            b.writeInt(10);
            for (String m : mechanisms) {
                cstring(b, m);
            }
            b.writeByte(0);
        });
    }

    public static ByteBuf backendKeyData(int pid, int secret) {
        return frame('K', b -> b.writeInt(pid).writeInt(secret));
    }

    public static ByteBuf parameterStatus(String name, String value) {
        return frame('S', b -> {
            cstring(b, name);
            cstring(b, value);
        });
    }

    public static ByteBuf fatal(String sqlState, String message) {
        return frame('E', b -> {
            b.writeByte('S');
            cstring(b, "FATAL");
            b.writeByte('V');
            cstring(b, "FATAL");
            b.writeByte('C');
            cstring(b, sqlState);
            b.writeByte('M');
            cstring(b, message);
            b.writeByte(0);
        });
    }

    public static ByteBuf concat(ByteBuf... parts) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf p : parts) {
            all.writeBytes(p);
            p.release();
        }
        return all;
    }

    /** Asserts equal readable bytes; on mismatch shows both as hex dumps. Releases {@code actual}. */
    public static void assertBytes(ByteBuf actual, ByteBuf expected) {
        try {
            if (!ByteBufUtil.equals(actual, expected)) {
                fail("bytes differ%nexpected:%n%s%nactual:%n%s", ByteBufUtil.prettyHexDump(expected),
                        ByteBufUtil.prettyHexDump(actual));
            }
        } finally {
            actual.release();
            expected.release();
        }
    }
}
