package dev.phasegate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextViewTest {

    private final TextView text = new TextView();

    private static ByteBuf cstring(String prefix, String s) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeCharSequence(prefix, StandardCharsets.UTF_8);
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        return buf.writeByte(0);
    }

    private static ByteBuf cbytes(byte... bytes) {
        return Unpooled.buffer().writeBytes(bytes).writeByte(0);
    }

    private CharSequence view(ByteBuf buf, boolean utf8) {
        return text.of(buf, 0, buf.readableBytes(), utf8);
    }

    @Test
    void viewsTheAsciiTextInPlaceOfItsBytes() {
        ByteBuf buf = cstring("xx", "SELECT 1");
        CharSequence sql = text.of(buf, 2, buf.readableBytes() - 2, false);
        assertThat(sql).isNotNull();
        assertThat(sql.length()).isEqualTo(8);
        assertThat(sql.charAt(7)).isEqualTo('1');
        assertThat(sql.toString()).isEqualTo("SELECT 1");
        assertThat(sql.subSequence(0, 6).toString()).isEqualTo("SELECT");
    }

    @Test
    void isReusedAndGrowsForLongerTexts() {
        String longer = "SELECT " + "'\u00e9', ".repeat(200) + "1";
        ByteBuf first = cstring("", "SELECT 1");
        ByteBuf second = cstring("", longer);
        assertThat(view(first, true)).isSameAs(text);
        assertThat(view(second, true).toString()).isEqualTo(longer);
        assertThat(view(first, true).toString()).isEqualTo("SELECT 1");
    }

    @Test
    void switchesBetweenAsciiAndUtf8TextsOfAnyLength() {
        // An ASCII text is read from the bytes, any other from the decoded characters: each must
        // read as itself whatever came before it, longer or shorter, ASCII or not.
        String[] texts = {
            "SELECT 1", "SELECT 'é'", "SELECT 'a'", "x".repeat(700) + "ü", "y".repeat(900), "ß", "",
            "z".repeat(3000), "SELECT '\uD83D\uDE00' -- " + "w".repeat(2000), "SELECT 2",
        };
        for (String expected : texts) {
            CharSequence sql = view(cstring("", expected), true);
            assertThat(sql).as("the view of %s", expected.length() > 20 ? expected.substring(0, 20) + "…" : expected)
                    .isNotNull();
            assertThat(sql.length()).isEqualTo(expected.length());
            StringBuilder read = new StringBuilder();
            for (int i = 0; i < sql.length(); i++) {
                read.append(sql.charAt(i));
            }
            assertThat(read.toString()).isEqualTo(expected);
            assertThat(sql.toString()).isEqualTo(expected);
        }
    }

    @Test
    void viewsUtf8TextCharacterForCharacterAsTheDecoderReadsIt() {
        // Two-, three- and four-byte characters; the last is a surrogate pair in Java.
        String sql = "UPDATE users SET name = 'Zo\u00eb \u65e5\u672c \ud83d\udc18' WHERE city = 'K\u00f8benhavn'";
        CharSequence view = view(cstring("", sql), true);
        assertThat(view).isNotNull();
        assertThat(view.length()).isEqualTo(sql.length());
        for (int i = 0; i < sql.length(); i++) {
            assertThat(view.charAt(i)).as("char %d", i).isEqualTo(sql.charAt(i));
        }
        assertThat(view.toString()).isEqualTo(sql);
        assertThat(view.subSequence(25, 32).toString()).isEqualTo(sql.substring(25, 32));
    }

    @Test
    void anyValidUtf8ReadsAsTheDecodedStringAndAnythingElseIsDeclined() throws Exception {
        Random random = new Random(42);
        int viewed = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly the bytes that make and break multi-byte sequences.
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
                if (bytes[i] == 0) {
                    bytes[i] = 'x';
                }
            }
            String strict = strictUtf8(bytes);
            CharSequence view = view(cbytes(bytes), true);
            if (strict == null) {
                assertThat(view).as("invalid UTF-8 %s", hex(bytes)).isNull();
            } else {
                assertThat(view).as("valid UTF-8 %s", hex(bytes)).isNotNull();
                assertThat(view.toString()).isEqualTo(strict);
                viewed++;
            }
        }
        assertThat(viewed).as("the random bytes hold valid sequences too").isGreaterThan(1_000);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(20); i > 0; i--) {
                int codePoint;
                do {
                    codePoint = 1 + random.nextInt(Character.MAX_CODE_POINT);
                } while (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
                s.appendCodePoint(codePoint);
            }
            assertThat(view(cstring("", s.toString()), true).toString()).isEqualTo(s.toString());
        }
    }

    @Test
    void declinesTheSequencesPostgresqlRefuses() {
        byte[][] invalid = {
                {(byte) 0x80},                                  // a continuation byte alone
                {(byte) 0xC3},                                  // cut short at the end
                {(byte) 0xC3, 'x'},                             // cut short before another character
                {(byte) 0xC0, (byte) 0x80},                     // overlong NUL
                {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},        // overlong '/'
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},        // a surrogate
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // five bytes
                {(byte) 0xFF},
        };
        for (byte[] bytes : invalid) {
            assertThat(view(cbytes(bytes), true)).as(hex(bytes)).isNull();
        }
        assertThat(view(cbytes((byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF), true).toString())
                .as("U+10FFFF, the last code point").isEqualTo(new String(Character.toChars(0x10FFFF)));
    }

    @Test
    void declinesWhatItCannotViewAsIs() {
        ByteBuf accented = cstring("", "SELECT '\u00e9'");
        assertThat(view(accented, false)).as("not ASCII, and the client encoding is not UTF-8").isNull();
        ByteBuf nul = Unpooled.buffer().writeBytes("SELECT\0 1".getBytes(StandardCharsets.US_ASCII)).writeByte(0);
        assertThat(view(nul, true)).as("a NUL inside").isNull();
        ByteBuf unterminated = Unpooled.copiedBuffer("SELECT 1", StandardCharsets.US_ASCII);
        assertThat(view(unterminated, true)).as("no terminator").isNull();
        assertThat(text.of(unterminated, 0, 0, true)).as("empty body").isNull();
        ByteBuf huge = cstring("", "x".repeat(TextView.MAX_BYTES + 1));
        assertThat(view(huge, true)).as("over the limit").isNull();
    }

    /** The bytes decoded by the JDK's decoder refusing every malformed input, or null when it does. */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02X ", b));
        }
        return s.toString().trim();
    }
}
