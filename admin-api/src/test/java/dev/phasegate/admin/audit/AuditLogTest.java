package dev.phasegate.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.config.AuditConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    private static final ColumnId EMAIL = ColumnId.parse("public.users.email_lower");
    private static final ColumnId NAME = ColumnId.parse("public.users.name_trimmed");
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path dir;

    private static AuditConfig config(Path file, long maxBytes, int maxFiles, int queue, int ring) {
        return new AuditConfig(file, true, maxBytes, maxFiles, queue, ring);
    }

    private static AuditRecord statement(Instant time, ColumnId column, AuditAction action, boolean readsSource) {
        return new AuditRecord(time, "gw-1", new AuditSession("app", "shop", "billing", "10.0.0.7:51234"),
                List.of(new AuditColumn(column, Phase.WRITE, readsSource, false, false)), 7, action, "abc123",
                "SELECT email FROM users WHERE id = ?", 1, 250, null, null);
    }

    @Test
    void recordsAreWrittenAsJsonLines() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog audit = new AuditLog(config(file, 1 << 20, 3, 64, 64), "gw-1", Duration.ofHours(1),
                Clock.systemUTC()).start()) {
            audit.record(statement(T0, EMAIL, AuditAction.REWRITTEN, false));
            audit.record(statement(T0.plusSeconds(1), EMAIL, AuditAction.SHADOW_MISMATCH, true));
            assertThat(audit.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(audit.written()).isEqualTo(2);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = AdminJson.mapper().readTree(lines.get(0));
        assertThat(first.get("time").asText()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(first.get("gateway").asText()).isEqualTo("gw-1");
        assertThat(first.get("session").get("applicationName").asText()).isEqualTo("billing");
        assertThat(first.get("columns").get(0).get("id").asText()).isEqualTo("public.users.email_lower");
        assertThat(first.get("columns").get(0).get("phase").asText()).isEqualTo("write");
        assertThat(first.get("action").asText()).isEqualTo("rewritten");
        assertThat(first.get("snapshotVersion").asLong()).isEqualTo(7);
        assertThat(first.get("statement").asText()).isEqualTo("SELECT email FROM users WHERE id = ?");
        assertThat(first.has("sqlState")).isFalse();
        assertThat(AdminJson.mapper().readTree(lines.get(1)).get("action").asText()).isEqualTo("shadow_mismatch");
    }

    @Test
    void theFileRotatesBySizeKeepingAtMostMaxFiles() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        long maxBytes = 1000;
        try (AuditLog audit = new AuditLog(config(file, maxBytes, 3, 1024, 16), "gw-1", Duration.ofHours(1),
                Clock.systemUTC()).start()) {
            for (int i = 0; i < 100; i++) {
                audit.record(statement(T0.plusSeconds(i), EMAIL, AuditAction.REWRITTEN, false));
            }
            assertThat(audit.flush(Duration.ofSeconds(30))).isTrue();
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("audit.jsonl", "audit.jsonl.1", "audit.jsonl.2");
        }
        for (String name : List.of("audit.jsonl", "audit.jsonl.1", "audit.jsonl.2")) {
            assertThat(Files.size(dir.resolve(name))).isLessThanOrEqualTo(maxBytes);
        }
        // The newest record is last in the active file, and the rotated files are older.
        List<String> active = Files.readAllLines(file);
        assertThat(AdminJson.mapper().readTree(active.get(active.size() - 1)).get("time").asText())
                .isEqualTo(T0.plusSeconds(99).toString());
        List<String> older = Files.readAllLines(dir.resolve("audit.jsonl.1"));
        Instant lastOfOlder = Instant.parse(AdminJson.mapper().readTree(older.get(older.size() - 1)).get("time").asText());
        Instant firstOfActive = Instant.parse(AdminJson.mapper().readTree(active.get(0)).get("time").asText());
        assertThat(lastOfOlder).isBefore(firstOfActive);
    }

    @Test
    void aFullQueueDropsCountsAndNeverBlocks() {
        Instant dropTime = T0.plusSeconds(30);
        // Not started: nothing drains the queue.
        AuditLog audit = new AuditLog(config(null, 4096, 1, 16, 16), "gw-1", Duration.ofHours(1),
                Clock.fixed(T0, ZoneOffset.UTC));
        List<Boolean> accepted = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            accepted.add(audit.record(statement(i < 19 ? T0 : dropTime, EMAIL, AuditAction.PASSED, false)));
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(accepted.stream().filter(b -> b)).hasSize(16);
        assertThat(audit.dropped()).isEqualTo(4);
        assertThat(audit.queueDepth()).isEqualTo(16);
        // Counts are incomplete from the last drop on.
        assertThat(audit.coverageStart()).isEqualTo(dropTime);
    }

    @Test
    void theRingAnswersNewestFirstFilteredByColumnActionSinceAndLimit() throws Exception {
        try (AuditLog audit = new AuditLog(config(null, 4096, 1, 1024, 5), "gw-1", Duration.ofHours(1),
                Clock.systemUTC()).start()) {
            for (int i = 0; i < 8; i++) {
                audit.record(statement(T0.plusSeconds(i), i % 2 == 0 ? EMAIL : NAME,
                        i < 6 ? AuditAction.REWRITTEN : AuditAction.STRIPPED, false));
            }
            audit.flush(Duration.ofSeconds(30));

            // The ring holds the newest 5 (seconds 3..7).
            assertThat(times(audit.query(AuditQuery.recent(100)))).containsExactly(7L, 6L, 5L, 4L, 3L);
            assertThat(times(audit.query(new AuditQuery(EMAIL, null, null, 100)))).containsExactly(6L, 4L);
            assertThat(times(audit.query(new AuditQuery(null, AuditAction.STRIPPED, null, 100)))).containsExactly(7L, 6L);
            assertThat(times(audit.query(new AuditQuery(null, null, T0.plusSeconds(5), 100)))).containsExactly(7L, 6L, 5L);
            assertThat(times(audit.query(AuditQuery.recent(2)))).containsExactly(7L, 6L);
        }
    }

    @Test
    void countsByColumnActionAndWindowOutliveTheRing() throws Exception {
        try (AuditLog audit = new AuditLog(config(null, 4096, 1, 1024, 16), "gw-1", Duration.ofHours(1),
                Clock.systemUTC()).start()) {
            for (int i = 0; i < 50; i++) {
                audit.record(statement(T0.plusSeconds(i), EMAIL, AuditAction.SHADOWED, i == 10));
            }
            audit.record(statement(T0.plusSeconds(20), EMAIL, AuditAction.SHADOW_MISMATCH, false));
            audit.flush(Duration.ofSeconds(30));

            AuditCounters counters = audit.counters();
            assertThat(counters.countSince(EMAIL, AuditCounts.Kind.SHADOWED, T0)).isEqualTo(50);
            assertThat(counters.countSince(EMAIL, AuditCounts.Kind.SHADOWED, T0.plusSeconds(40))).isEqualTo(10);
            assertThat(counters.countAfter(EMAIL, AuditCounts.Kind.SHADOWED, T0.plusSeconds(20))).isEqualTo(29);
            assertThat(counters.countSince(EMAIL, AuditCounts.Kind.SOURCE_READ, T0)).isEqualTo(1);
            assertThat(counters.countSince(EMAIL, AuditCounts.Kind.SOURCE_REFERENCE, T0)).isEqualTo(1);
            assertThat(counters.countSince(EMAIL, AuditCounts.Kind.SOURCE_READ, T0.plusSeconds(11))).isZero();
            assertThat(counters.last(EMAIL, AuditCounts.Kind.SHADOW_MISMATCH)).contains(T0.plusSeconds(20));
            assertThat(counters.byAction(EMAIL, T0)).containsEntry(AuditAction.SHADOWED, 50L)
                    .containsEntry(AuditAction.SHADOW_MISMATCH, 1L);
            assertThat(counters.countSince(NAME, AuditCounts.Kind.SHADOWED, T0)).isZero();
            assertThat(counters.buckets(T0.plusSeconds(49).getEpochSecond()))
                    .contains(new AuditCounters.Bucket(EMAIL, AuditCounts.Kind.SHADOWED, T0.getEpochSecond() + 49, 1));
        }
    }

    @Test
    void closingWritesWhatIsQueued() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog audit = new AuditLog(config(file, 1 << 20, 2, 4096, 16), "gw-1", Duration.ofHours(1),
                Clock.systemUTC()).start();
        for (int i = 0; i < 1000; i++) {
            audit.record(statement(T0, EMAIL, AuditAction.PASSED, false));
        }
        audit.close();

        assertThat(Files.readAllLines(file)).hasSize(1000);
    }

    @Test
    void anIdleWriterDozesAndTheNextRecordOrCloseWakesIt() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        // A doze far longer than any wait below: a missed wake-up fails the test instead of slowing it.
        AuditLog audit = new AuditLog(config(file, 1 << 20, 2, 64, 16), "gw-1", Duration.ofHours(1),
                Clock.systemUTC()).dozeAtMost(Duration.ofMinutes(10)).start();
        awaitDozing(audit);

        audit.record(statement(T0, EMAIL, AuditAction.REWRITTEN, false));
        assertThat(audit.flush(Duration.ofSeconds(20))).isTrue();
        assertThat(audit.written()).isEqualTo(1);

        awaitDozing(audit);
        long start = System.nanoTime();
        audit.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    private static void awaitDozing(AuditLog audit) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!audit.dozing()) {
            assertThat(System.nanoTime()).as("the writer dozes after a quiet spell").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<Long> times(List<AuditRecord> records) {
        return records.stream().map(r -> r.time().getEpochSecond() - T0.getEpochSecond()).toList();
    }
}
