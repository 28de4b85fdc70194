package dev.phasegate.gateway.session;

import dev.phasegate.gateway.hook.Decision;
import dev.phasegate.gateway.hook.SessionHook;
import dev.phasegate.gateway.protocol.TextView;
import dev.phasegate.gateway.protocol.Wire;
import dev.phasegate.gateway.protocol.frontend.Describe;
import dev.phasegate.gateway.protocol.frontend.FrontendMessage;
import dev.phasegate.gateway.protocol.frontend.FrontendType;
import dev.phasegate.gateway.protocol.frontend.Parse;
import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Whether an inspected request may pass without being decoded: the question the session puts to
 * the hook's {@code passes…} methods with what can be read in place. A Query is shown as a view of
 * its text ({@link TextView}); a Bind, Describe or Execute by its names; a Parse only when
 * it repeats, byte for byte, the unnamed statement the hook last let through ({@link RepeatedParse}).
 * One session's, on its event loop.
 */
final class FastPath {

    private final RepeatedParse repeatedParse = new RepeatedParse();
    /** Made at the first Query: sessions that never send one do not carry it. */
    private TextView queryText;

    /**
     * Whether the hook lets the complete request of {@code type} whose body is at {@code index}
     * pass as it came. False for anything it cannot tell without decoding (a malformed body, a text
     * the view declines: non-ASCII in an encoding other than UTF-8, invalid UTF-8) and when the hook
     * throws: the full path then decodes it and reports either.
     */
    boolean passes(SessionHook hook, Charset charset, byte type, ByteBuf body, int index, int length) {
        try {
            return switch (type) {
                case FrontendType.QUERY -> {
                    if (queryText == null) {
                        queryText = new TextView();
                    }
                    CharSequence sql = queryText.of(body, index, length, StandardCharsets.UTF_8.equals(charset));
                    yield sql != null && hook.passesQuery(sql);
                }
                case FrontendType.PARSE -> repeatedParse.matches(body, index, length, charset)
                        && hook.passesUnnamedParseAgain();
                case FrontendType.BIND -> {
                    int end = index + length;
                    int portalEnd = Wire.terminatorOf(body, index, end);
                    int statementEnd = portalEnd < 0 ? -1 : Wire.terminatorOf(body, portalEnd + 1, end);
                    yield statementEnd >= 0 && hook.passesBind(Wire.stringAt(body, index, portalEnd, charset),
                            Wire.stringAt(body, portalEnd + 1, statementEnd, charset));
                }
                case FrontendType.DESCRIBE -> {
                    char which = length > 0 ? (char) body.getByte(index) : 0;
                    int nameEnd = Wire.terminatorOf(body, index + 1, index + length);
                    yield (which == Describe.STATEMENT || which == Describe.PORTAL) && nameEnd >= 0
                            && hook.passesDescribe(which, Wire.stringAt(body, index + 1, nameEnd, charset));
                }
                case FrontendType.EXECUTE -> {
                    int end = index + length;
                    int portalEnd = Wire.terminatorOf(body, index, end);
                    yield portalEnd >= 0 && end - portalEnd == 5
                            && hook.passesExecute(Wire.stringAt(body, index, portalEnd, charset));
                }
                default -> false;
            };
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A decoded request and what the hook decided: remembers an unnamed Parse that went as it came. */
    void decided(FrontendMessage message, Decision decision, ByteBuf frame, Charset charset) {
        if (message instanceof Parse parse && parse.name().isEmpty()) {
            if (decision instanceof Decision.Forward forward && forward.observer() == null) {
                repeatedParse.remember(frame, charset);
            } else {
                repeatedParse.forget();
            }
        }
    }
}
