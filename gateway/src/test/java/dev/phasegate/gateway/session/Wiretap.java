package dev.phasegate.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads what a session wrote to an embedded channel as one-line message summaries. */
final class Wiretap {

    private Wiretap() {
    }

    /** Everything written so far, concatenated (released by the caller). */
    static ByteBuf bytes(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    /** What the server side sent, e.g. {@code "E 08P01 bad"}, {@code "Z I"}, {@code "D a|b"}. */
    static List<String> backend(EmbeddedChannel channel) {
        return summaries(channel, true);
    }

    /** What the client side sent, e.g. {@code "Q select 1"}, {@code "P s1 select $1"}, {@code "S"}. */
    static List<String> frontend(EmbeddedChannel channel) {
        return summaries(channel, false);
    }

    private static List<String> summaries(EmbeddedChannel channel, boolean backend) {
        ByteBuf all = bytes(channel);
        try {
            List<String> out = new ArrayList<>();
            while (all.readableBytes() >= 5) {
                char type = (char) all.readByte();
                int length = all.readInt();
                ByteBuf body = all.readSlice(length - 4);
                out.add(summary(type, body, backend));
            }
            return out;
        } finally {
            all.release();
        }
    }

    private static String summary(char type, ByteBuf body, boolean backend) {
        if (backend) {
            switch (type) {
                case 'E', 'N' -> {
                    String code = null;
                    String message = null;
                    String severity = null;
                    while (body.isReadable()) {
                        byte f = body.readByte();
                        if (f == 0) {
                            break;
                        }
                        String v = cstring(body);
                        if (f == 'C') {
                            code = v;
                        } else if (f == 'M') {
                            message = v;
                        } else if (f == 'S') {
                            severity = v;
                        }
                    }
                    return type + " " + severity + " " + code + " " + message;
                }
                case 'Z' -> {
                    return "Z " + (char) body.readByte();
                }
                case 'C' -> {
                    return "C " + cstring(body);
                }
                case 'K' -> {
                    return "K " + body.readInt() + " " + body.readableBytes() + "-byte key";
                }
                case 'R' -> {
                    int code = body.readInt();
                    List<String> mechs = new ArrayList<>();
                    if (code == 10) {
                        String m;
                        while (!(m = cstring(body)).isEmpty()) {
                            mechs.add(m);
                        }
                    }
                    return "R " + code + (code == 10 ? " " + mechs : "");
                }
                case 'S' -> {
                    return "S " + cstring(body) + "=" + cstring(body);
                }
                case 'T' -> {
                    int n = body.readShort();
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        names.add(cstring(body));
                        body.skipBytes(18);
                    }
                    return "T " + String.join(",", names);
                }
                case 'D' -> {
                    int n = body.readShort();
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        int len = body.readInt();
                        values.add(len < 0 ? "NULL" : body.readCharSequence(len, StandardCharsets.UTF_8).toString());
                    }
                    return "D " + String.join("|", values);
                }
                default -> {
                    return String.valueOf(type);
                }
            }
        }
        switch (type) {
            case 'Q' -> {
                return "Q " + cstring(body);
            }
            case 'P' -> {
                return "P " + cstring(body) + " " + cstring(body);
            }
            case 'B' -> {
                return "B " + cstring(body) + " " + cstring(body);
            }
            case 'E' -> {
                return "E " + cstring(body);
            }
            case 'D' -> {
                return "D " + (char) body.readByte() + " " + cstring(body);
            }
            default -> {
                return String.valueOf(type);
            }
        }
    }

    private static String cstring(ByteBuf body) {
        int len = body.bytesBefore((byte) 0);
        String s = body.readCharSequence(len, StandardCharsets.UTF_8).toString();
        body.skipBytes(1);
        return s;
    }
}
