package dev.phasegate.gateway.protocol.backend;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** CommandComplete: the command tag, e.g. {@code SELECT 5}, {@code INSERT 0 1}, {@code COPY 10}. */
public final class CommandComplete {

    private CommandComplete() {
    }

    /** The tag of a body, read in place. */
    public static String tag(ByteBuf buf, int bodyIndex, int bodyLength) {
        int nul = buf.indexOf(bodyIndex, bodyIndex + bodyLength, (byte) 0);
        return buf.toString(bodyIndex, (nul < 0 ? bodyIndex + bodyLength : nul) - bodyIndex, StandardCharsets.UTF_8);
    }

    /** The row count at the end of a tag ({@code SELECT 5} → 5), or -1 for tags without one. */
    public static long rows(String tag) {
        int space = tag.lastIndexOf(' ');
        if (space < 0) {
            return -1;
        }
        try {
            return Long.parseLong(tag.substring(space + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
