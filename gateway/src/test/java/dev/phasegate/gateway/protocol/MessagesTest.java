package dev.phasegate.gateway.protocol;

import static dev.phasegate.gateway.protocol.Pg.assertBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.gateway.protocol.backend.Authentication;
import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.backend.ParameterDescription;
import dev.phasegate.gateway.protocol.backend.RowDescription;
import dev.phasegate.gateway.protocol.frontend.Bind;
import dev.phasegate.gateway.protocol.frontend.Describe;
import dev.phasegate.gateway.protocol.frontend.Execute;
import dev.phasegate.gateway.protocol.frontend.Parse;
import dev.phasegate.gateway.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final Charset UTF8 = StandardCharsets.UTF_8;

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void queryEncodesAsTypeLengthAndTerminatedText() {
        assertBytes(new Query("select 1").encode(ALLOC, UTF8),
                Unpooled.buffer().writeByte('Q').writeInt(13).writeBytes(ascii("select 1\0")));
    }

    @Test
    void queryTextFollowsTheClientEncoding() {
        ByteBuf latin1 = new Query("select 'é'").encode(ALLOC, StandardCharsets.ISO_8859_1);
        assertThat(latin1.getInt(1)).isEqualTo(4 + 10 + 1);
        assertThat(Query.decode(latin1, StandardCharsets.ISO_8859_1).sql()).isEqualTo("select 'é'");
        latin1.release();
    }

    @Test
    void utf8TextOfEveryWidthIsCountedExactlyAndFitsTheBufferItWasSizedFor() {
        String sql = "select 'é', '€', '𝄞' -- \ud800 lone surrogate";
        int bytes = sql.getBytes(UTF8).length;
        ByteBuf query = new Query(sql).encode(ALLOC, UTF8);
        assertThat(query.getInt(1)).isEqualTo(4 + bytes + 1);
        assertThat(query.readableBytes()).isEqualTo(1 + 4 + bytes + 1);
        assertThat(Query.decode(query, UTF8).sql()).isEqualTo(new String(sql.getBytes(UTF8), UTF8));
        query.release();

        String longAscii = "select " + "x".repeat(300);
        ByteBuf ascii = new Query(longAscii).encode(ALLOC, UTF8);
        assertThat(ascii.capacity()).as("grown to room for three bytes a char").isLessThan(2 * longAscii.length());
        ascii.release();
    }

    @Test
    void parseRoundTrips() {
        Parse parse = new Parse("S_1", "insert into t values ($1, $2)", new int[] {23, 0});
        ByteBuf bytes = parse.encode(ALLOC, UTF8);
        assertThat(Parse.decode(bytes, UTF8)).isEqualTo(parse);
        bytes.release();
    }

    @Test
    void bindEncodesNullsFormatsAndValues() {
        Bind bind = new Bind("", "S_1", new short[] {1}, Arrays.asList(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 7}),
                null), new short[] {1, 0});
        ByteBuf expected = Unpooled.buffer().writeByte('B').writeInt(4 + 1 + 4 + 4 + 2 + 8 + 4 + 6)
                .writeByte(0).writeBytes(ascii("S_1\0"))
                .writeShort(1).writeShort(1)
                .writeShort(2).writeInt(4).writeInt(7).writeInt(-1)
                .writeShort(2).writeShort(1).writeShort(0);
        ByteBuf encoded = bind.encode(ALLOC, UTF8);
        Bind decoded = Bind.decode(encoded, UTF8);
        assertThat(decoded.parameters().get(0).getInt(0)).isEqualTo(7);
        assertThat(decoded.parameters().get(1)).isNull();
        assertThat(decoded.parameterFormat(1)).isEqualTo(1);
        assertThat(decoded.resultFormat(1)).isEqualTo(0);
        assertBytes(encoded, expected);
    }

    @Test
    void bindWithTruncatedParametersIsAViolation() {
        ByteBuf bad = Unpooled.buffer().writeByte('B').writeInt(14).writeByte(0).writeByte(0)
                .writeShort(0).writeShort(1).writeInt(100);
        assertThatThrownBy(() -> Bind.decode(bad, UTF8)).isInstanceOf(ProtocolViolationException.class);
        bad.release();
    }

    @Test
    void describeAndExecuteRoundTrip() {
        ByteBuf d = new Describe('P', "C_3").encode(ALLOC, UTF8);
        assertThat(Describe.decode(d, UTF8)).isEqualTo(new Describe('P', "C_3"));
        d.release();
        ByteBuf e = new Execute("C_3", 50).encode(ALLOC, UTF8);
        assertThat(Execute.decode(e, UTF8)).isEqualTo(new Execute("C_3", 50));
        e.release();
    }

    @Test
    void errorResponseEncodesFieldsInOrderWithATerminator() {
        assertBytes(ErrorResponse.protocolViolation("bad").encode(ALLOC, UTF8),
                Unpooled.buffer().writeByte('E').writeInt(4 + 7 + 7 + 7 + 5 + 1)
                        .writeBytes(ascii("SFATAL\0VFATAL\0C08P01\0Mbad\0\0")));
    }

    @Test
    void errorResponseFieldIsReadInPlace() {
        ByteBuf e = Pg.error("23505", "duplicate key");
        assertThat(ErrorResponse.field(e, 5, e.readableBytes() - 5, 'C')).isEqualTo("23505");
        assertThat(ErrorResponse.field(e, 5, e.readableBytes() - 5, 'H')).isNull();
        assertThat(ErrorResponse.decode(e, UTF8).message()).isEqualTo("duplicate key");
        e.release();
    }

    @Test
    void saslMechanismsRoundTrip() {
        ByteBuf sasl = Pg.authenticationSasl("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256");
        assertThat(Authentication.saslMechanisms(sasl)).containsExactly("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256");
        assertBytes(Authentication.encodeSasl(ALLOC, List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")), sasl);
    }

    @Test
    void rowDescriptionProjectsAndRoundTrips() {
        ByteBuf t = Pg.rowDescription("id", "email", "email_new");
        RowDescription d = RowDescription.decode(t, UTF8);
        assertThat(d.fields()).extracting(RowDescription.Field::name).containsExactly("id", "email", "email_new");
        assertBytes(d.project(0, 1).encode(ALLOC, UTF8), Pg.rowDescription("id", "email"));
        t.release();
    }

    @Test
    void dataRowDropsTrailingColumnsWithoutTouchingOthers() {
        ByteBuf row = Pg.dataRow("1", null, "extra");
        DataRow decoded = DataRow.decode(row);
        assertThat(decoded.text(2, UTF8)).isEqualTo("extra");
        assertBytes(decoded.dropTrailing(1).encode(ALLOC), Pg.dataRow("1", null));
        row.release();
    }

    @Test
    void parameterDescriptionRoundTrips() {
        ParameterDescription p = new ParameterDescription(new int[] {23, 25});
        ByteBuf bytes = p.encode(ALLOC);
        assertThat(ParameterDescription.decode(bytes)).isEqualTo(p);
        bytes.release();
    }

    @Test
    void unknownClientEncodingsRoundTripEveryByte() {
        assertThat(PgCharsets.forEncoding("UTF8")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(PgCharsets.forEncoding("win1252").name()).isEqualTo("windows-1252");
        assertThat(PgCharsets.forEncoding("MULE_INTERNAL")).isEqualTo(StandardCharsets.ISO_8859_1);
    }
}
