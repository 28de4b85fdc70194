package dev.phasegate.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The audit file's streaming encoder writes exactly what the API's mapper writes for a record. */
class AuditJsonLineTest {

    private static final ColumnId EMAIL = ColumnId.parse("public.users.email_lower");
    private static final ColumnId NAME = ColumnId.parse("\"Sales\".\"Order Lines\".\"Name\"");
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00.123456Z");

    static Stream<AuditRecord> records() {
        return Stream.of(
                new AuditRecord(T0, "gw-1", new AuditSession("app", "shop", "billing", "10.0.0.7:51234"),
                        List.of(new AuditColumn(EMAIL, Phase.SHADOW, true, false, false)), 7,
                        AuditAction.SHADOW_MISMATCH, "abc123", "SELECT email FROM users WHERE id = ?", 1, 250,
                        null, null),
                new AuditRecord(T0, "gw-1", new AuditSession("app", "shop", null, null),
                        List.of(new AuditColumn(EMAIL, Phase.WRITE, true, true, true),
                                AuditColumn.of(NAME, Phase.HIDDEN)), 12,
                        AuditAction.REJECTED, "f00d", "UPDATE \"Sales\".\"Order Lines\" SET \"Name\" = 'Zoë \\ \"q\"'\n\t\u0001",
                        -1, -1, "0A000", "cannot rewrite: a whole-row reference names \"users\""),
                AuditRecord.admin(Instant.EPOCH, "gw-2", new AuditSession("operator", null, null, "127.0.0.1:9"),
                        EMAIL, Phase.CONTRACT, 3, AuditAction.PHASE_CHANGED, "read -> contract: forced (\"lag\" ok)"),
                new AuditRecord(T0, "gw-3", null, List.of(), 0, AuditAction.REWRITTEN, null, null, 0, 0, null,
                        null),
                new AuditRecord(T0, null, new AuditSession(null, null, null, null), List.of(), -5,
                        AuditAction.PASSED, null, "SELECT 'é', 'ℕ', '\uD83D\uDE00', '" + controlCharacters() + "'",
                        Long.MAX_VALUE, 0, null, "/ \u007F"));
    }

    private static String controlCharacters() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        return all.toString();
    }

    @ParameterizedTest
    @MethodSource("records")
    void encodesAsTheApiMapperDoes(AuditRecord record) throws Exception {
        String expected = AdminJson.mapper().writeValueAsString(record) + "\n";

        AuditJsonLine encoder = new AuditJsonLine();
        encoder.encode(records().findFirst().orElseThrow()); // a reused encoder carries nothing over
        assertThat(text(encoder.encode(record))).isEqualTo(expected);
        // The second time, the session, columns and text come from the encoder's memory of recent parts.
        assertThat(text(encoder.encode(record))).isEqualTo(expected);
    }

    @Test
    void recentPartsAreTiedToTheObjectsNotToWhereTheyLanded() {
        AuditJsonLine encoder = new AuditJsonLine();
        AuditSession session = new AuditSession("app", "shop", null, "10.0.0.7:1");
        List<AuditColumn> columns = List.of(AuditColumn.of(EMAIL, Phase.WRITE));
        // Many distinct texts and sessions through the same fixed-size memory: every line stays exact.
        for (int i = 0; i < 2_000; i++) {
            AuditSession s = i % 3 == 0 ? session : new AuditSession("u" + i, "db", "app" + i % 7, null);
            String statement = i % 2 == 0 ? "SELECT email FROM users WHERE id = $1" : "SELECT " + i;
            AuditRecord record = new AuditRecord(T0.plusNanos(i * 1_000L), "gw", s,
                    i % 5 == 0 ? List.of() : columns, i, AuditAction.PASSED, "fp" + i % 11, statement, i, i, null,
                    null);
            assertThat(text(encoder.encode(record))).isEqualTo(mapperLine(record));
        }
    }

    @Test
    void aSurrogateWithoutItsPairIsEscapedAndReadsBackAsItWas() throws Exception {
        String statement = "SELECT '\uD83D', '\uDE00x', '\uD83D\uDE00'";
        AuditRecord record = new AuditRecord(T0, "gw", null, List.of(), 1, AuditAction.PASSED, null, statement,
                -1, -1, null, null);

        String line = text(new AuditJsonLine().encode(record));

        assertThat(line).contains("'\\uD83D', '\\uDE00x'");
        assertThat(AdminJson.mapper().readTree(line).get("statement").asText()).isEqualTo(statement);
    }

    private static String text(AuditJsonLine.LineBuffer line) {
        return new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8);
    }

    private static String mapperLine(AuditRecord record) {
        try {
            return AdminJson.mapper().writeValueAsString(record) + "\n";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void timesAreWrittenAsInstantToStringWritesThem() {
        AuditJsonLine encoder = new AuditJsonLine();
        Random random = new Random(42);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1, 5),
                Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00.100Z")));
        for (int i = 0; i < 10_000; i++) {
            long second = 1_700_000_000L + random.nextInt(1000); // many share a second: the cached part
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(second, nanos));
        }
        for (Instant t : instants) {
            assertThat(encoder.timeText(t)).isEqualTo(t.toString());
        }
    }
}
