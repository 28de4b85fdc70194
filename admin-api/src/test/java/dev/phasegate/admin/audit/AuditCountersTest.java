package dev.phasegate.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-second counts, including the bucket kept at hand for the second last counted. */
class AuditCountersTest {

    private static final ColumnId EMAIL = ColumnId.parse("public.users.email_lower");
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private static AuditRecord read(Instant time) {
        return new AuditRecord(time, "gw-1", null, List.of(new AuditColumn(EMAIL, Phase.SHADOW, true, false, false)),
                1, AuditAction.SHADOWED, null, null, 1, -1, null, null);
    }

    @Test
    void recordsOutOfTimeOrderLandInTheirOwnSeconds() {
        AuditCounters counters = new AuditCounters(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            counters.add(read(T0.plusSeconds(5).plusMillis(i)));
        }
        counters.add(read(T0.plusSeconds(2))); // late
        counters.add(read(T0.plusSeconds(5).plusMillis(900)));

        assertThat(counters.buckets(T0.getEpochSecond())).containsExactlyInAnyOrder(
                new AuditCounters.Bucket(EMAIL, AuditCounts.Kind.SOURCE_READ, T0.getEpochSecond() + 2, 1),
                new AuditCounters.Bucket(EMAIL, AuditCounts.Kind.SOURCE_READ, T0.getEpochSecond() + 5, 4),
                new AuditCounters.Bucket(EMAIL, AuditCounts.Kind.SOURCE_REFERENCE, T0.getEpochSecond() + 2, 1),
                new AuditCounters.Bucket(EMAIL, AuditCounts.Kind.SOURCE_REFERENCE, T0.getEpochSecond() + 5, 4),
                new AuditCounters.Bucket(EMAIL, AuditCounts.Kind.SHADOWED, T0.getEpochSecond() + 2, 1),
                new AuditCounters.Bucket(EMAIL, AuditCounts.Kind.SHADOWED, T0.getEpochSecond() + 5, 4));
        assertThat(counters.byAction(EMAIL, T0)).containsEntry(AuditAction.SHADOWED, 5L);
        assertThat(counters.countAfter(EMAIL, AuditCounts.Kind.SOURCE_READ, T0.plusSeconds(2))).isEqualTo(4);
    }

    @Test
    void aSecondCountedAgainAfterThePruneDroppedItIsCountedAfresh() {
        AuditCounters counters = new AuditCounters(Duration.ofSeconds(10));
        counters.add(read(T0));
        counters.prune(T0.plusSeconds(60)); // drops T0's bucket, the one being filled

        assertThat(counters.countSince(EMAIL, AuditCounts.Kind.SOURCE_READ, T0)).isZero();
        counters.add(read(T0.plusMillis(500)));
        assertThat(counters.countSince(EMAIL, AuditCounts.Kind.SOURCE_READ, T0)).isEqualTo(1);
        assertThat(counters.byAction(EMAIL, T0)).containsEntry(AuditAction.SHADOWED, 1L);
    }
}
