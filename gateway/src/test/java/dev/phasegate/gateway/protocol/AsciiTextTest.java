package dev.phasegate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiTextTest {

    private final AsciiText text = new AsciiText();

    private static ByteBuf cstring(String prefix, String s) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeCharSequence(prefix, StandardCharsets.UTF_8);
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        return buf.writeByte(0);
    }

    @Test
    void viewsTheAsciiTextInPlaceOfItsBytes() {
        ByteBuf buf = cstring("xx", "SELECT 1");
        CharSequence sql = text.of(buf, 2, buf.readableBytes() - 2);
        assertThat(sql).isNotNull();
        assertThat(sql.length()).isEqualTo(8);
        assertThat(sql.charAt(7)).isEqualTo('1');
        assertThat(sql.toString()).isEqualTo("SELECT 1");
        assertThat(sql.subSequence(0, 6).toString()).isEqualTo("SELECT");
    }

    @Test
    void isReusedAndGrowsForLongerTexts() {
        String longer = "SELECT " + "x, ".repeat(200) + "1";
        ByteBuf first = cstring("", "SELECT 1");
        ByteBuf second = cstring("", longer);
        assertThat(text.of(first, 0, first.readableBytes())).isSameAs(text);
        assertThat(text.of(second, 0, second.readableBytes()).toString()).isEqualTo(longer);
        assertThat(text.of(first, 0, first.readableBytes()).toString()).isEqualTo("SELECT 1");
    }

    @Test
    void declinesWhatItCannotViewAsIs() {
        ByteBuf accented = cstring("", "SELECT 'é'");
        assertThat(text.of(accented, 0, accented.readableBytes())).as("not ASCII").isNull();
        ByteBuf nul = Unpooled.buffer().writeBytes("SELECT\0 1".getBytes(StandardCharsets.US_ASCII)).writeByte(0);
        assertThat(text.of(nul, 0, nul.readableBytes())).as("a NUL inside").isNull();
        ByteBuf unterminated = Unpooled.copiedBuffer("SELECT 1", StandardCharsets.US_ASCII);
        assertThat(text.of(unterminated, 0, unterminated.readableBytes())).as("no terminator").isNull();
        assertThat(text.of(unterminated, 0, 0)).as("empty body").isNull();
        ByteBuf huge = cstring("", "x".repeat(AsciiText.MAX_BYTES + 1));
        assertThat(text.of(huge, 0, huge.readableBytes())).as("over the limit").isNull();
    }
}
