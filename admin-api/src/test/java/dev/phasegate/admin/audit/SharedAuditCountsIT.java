package dev.phasegate.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.admin.store.SchemaMigrator;
import dev.phasegate.config.AuditConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import dev.phasegate.testing.PostgresExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

class SharedAuditCountsIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static PGSimpleDataSource dataSource;
    private static int counter;

    private final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private ColumnId column;
    private AuditLog auditA;
    private AuditLog auditB;
    private SharedAuditCounts countsA;
    private SharedAuditCounts countsB;

    @BeforeAll
    static void migrate() {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(PG.jdbcUrl());
        dataSource.setUser(PG.user());
        dataSource.setPassword(PG.password());
        new SchemaMigrator(dataSource).migrate();
    }

    @BeforeEach
    void setUp() throws Exception {
        column = ColumnId.parse("public.users.col_" + (++counter));
        PG.execute("DELETE FROM phasegate.audit_gateways");
        auditA = gateway("gw-a-" + counter);
        auditB = gateway("gw-b-" + counter);
        countsA = new SharedAuditCounts(dataSource, auditA, Duration.ofSeconds(1), WINDOW, clock);
        countsB = new SharedAuditCounts(dataSource, auditB, Duration.ofSeconds(1), WINDOW, clock);
    }

    @AfterEach
    void tearDown() {
        auditA.close();
        auditB.close();
    }

    private AuditLog gateway(String id) {
        return new AuditLog(new AuditConfig(null, true, 4096, 1, 1024, 64), id, Duration.ofMinutes(21), clock).start();
    }

    private void sourceRead(AuditLog audit, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            audit.record(new AuditRecord(clock.instant(), audit.gatewayId(), null,
                    List.of(new AuditColumn(column, Phase.READ, true, false, false)), 1, AuditAction.PASSED, null,
                    null, 1, 1, null, null));
        }
        audit.flush(Duration.ofSeconds(30));
    }

    @Test
    void countsOfEveryGatewayAreSummed() throws Exception {
        sourceRead(auditA, 2);
        sourceRead(auditB, 3);
        countsA.publish();
        countsB.publish();

        Instant since = clock.instant().minus(WINDOW);
        assertThat(countsA.countSince(column, AuditCounts.Kind.SOURCE_READ, since)).isEqualTo(5);
        assertThat(countsB.countSince(column, AuditCounts.Kind.SOURCE_REFERENCE, since)).isEqualTo(5);
        assertThat(auditA.counts().countSince(column, AuditCounts.Kind.SOURCE_READ, since)).isEqualTo(2);
    }

    @Test
    void publishingIsIdempotent() throws Exception {
        sourceRead(auditB, 3);
        countsB.publish();
        countsB.publish();
        sourceRead(auditB, 1);
        countsB.publish();

        assertThat(countsA.countSince(column, AuditCounts.Kind.SOURCE_READ, Instant.EPOCH)).isEqualTo(4);
    }

    @Test
    void coverageStartsAtTheLatestStartOfAnyLiveGateway() throws Exception {
        countsA.publish();
        clock.advance(Duration.ofSeconds(30));
        AuditLog late = gateway("gw-late-" + counter);
        try (SharedAuditCounts countsLate = new SharedAuditCounts(dataSource, late, Duration.ofSeconds(1), WINDOW,
                clock)) {
            countsLate.publish();

            assertThat(countsA.coverageStart()).contains(late.startedAt());
        } finally {
            late.close();
        }
    }

    @Test
    void aGatewayThatStopsReportingMakesCountsUnknownUntilItIsGone() throws Exception {
        countsB.publish();
        clock.advance(Duration.ofSeconds(10));

        assertThat(countsA.coverageStart()).isEmpty();

        clock.advance(WINDOW);
        assertThat(countsA.coverageStart()).isPresent();
    }

    @Test
    void aGatewayThatClosesCleanlyLeavesItsCountsAndDoesNotBlock() throws Exception {
        sourceRead(auditB, 2);
        countsB.publish();
        countsB.close();
        clock.advance(Duration.ofSeconds(10));

        assertThat(countsA.coverageStart()).isPresent();
        assertThat(countsA.countSince(column, AuditCounts.Kind.SOURCE_READ, Instant.EPOCH)).isEqualTo(2);
    }

    @Test
    void theLastMismatchIsRoundedUpToTheEndOfItsSecond() throws Exception {
        Instant at = clock.instant();
        auditB.record(new AuditRecord(at, "gw-b", null, List.of(AuditColumn.of(column, Phase.SHADOW)), 1,
                AuditAction.SHADOW_MISMATCH, null, null, 1, 1, null, null));
        auditB.flush(Duration.ofSeconds(30));
        countsB.publish();

        assertThat(countsA.last(column, AuditCounts.Kind.SHADOW_MISMATCH)).contains(at.plusSeconds(1));
        assertThat(countsA.last(column, AuditCounts.Kind.SHADOWED)).isEmpty();
    }

    /** A clock tests move by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
