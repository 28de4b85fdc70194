package dev.phasegate.admin.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditColumn;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.audit.AuditQuery;
import dev.phasegate.admin.audit.AuditRecord;
import dev.phasegate.admin.audit.AuditSession;
import dev.phasegate.admin.store.ChangeNote;
import dev.phasegate.admin.store.DatabasePhaseStore;
import dev.phasegate.admin.store.PhaseChange;
import dev.phasegate.config.AuditConfig;
import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailFacts;
import dev.phasegate.config.guard.GuardRailResult;
import dev.phasegate.config.guard.GuardRails;
import dev.phasegate.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ColumnServiceIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final Actor ALICE = new Actor("alice", "127.0.0.1:40000");
    /** Zero windows: the audit-based rules pass on a quiet audit without waiting. */
    private static final GuardRailConfig NO_WINDOWS = new GuardRailConfig(Duration.ZERO, 0, Duration.ZERO);
    private static final GuardRailConfig TEN_MINUTES = new GuardRailConfig(Duration.ofMinutes(10), 3,
            Duration.ofMinutes(10));

    private static DatabasePhaseStore store;
    private static int counter;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    /** The jobs' facts, set per test: schema, backfill, verification, reverse backfill. */
    private final AtomicReference<java.util.function.UnaryOperator<GuardRailFacts>> jobFacts =
            new AtomicReference<>(f -> f);
    private AuditLog audit;
    private ColumnService service;
    private ColumnId id;

    @BeforeAll
    static void openStore() {
        store = DatabasePhaseStore.open(PG.jdbcUrl(), PG.user(), PG.password(), Duration.ofSeconds(2),
                java.time.Clock.systemUTC());
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @BeforeEach
    void setUp() {
        audit = new AuditLog(new AuditConfig(null, true, 4096, 1, 1024, 1024), "gw-test", Duration.ofHours(1), clock)
                .start();
        id = new ColumnId("public", "users", "email_lower_" + (++counter));
        service = service(NO_WINDOWS);
    }

    @AfterEach
    void tearDown() {
        audit.close();
    }

    private ColumnService service(GuardRailConfig config) {
        List<GuardRailFactsSource> sources = new java.util.ArrayList<>(ColumnService.defaultFacts(store, audit, config));
        sources.add((column, facts) -> jobFacts.get().apply(facts));
        return new ColumnService(store, GuardRailFactsSource.compose(sources), config, audit, null, clock);
    }

    private ManagedColumn withSource(String down) {
        return ManagedColumn.declared(id, "text", "email", "lower(email)", down, null);
    }

    /** Every fact the jobs would provide, all passing, recorded "now". */
    private void jobsSayAllIsWell() {
        jobFacts.set(f -> f.withSchema(new GuardRailFacts.SchemaFact(true, List.of()))
                .withBackfillCompletedAt(clock.instant())
                .withVerification(new GuardRailFacts.VerificationFact(clock.instant(), 100, 0))
                .withReverseBackfillCompletedAt(clock.instant()));
    }

    private ColumnDetails move(Phase phase) {
        clock.advance(Duration.ofSeconds(1));
        jobsSayAllIsWell();
        clock.advance(Duration.ofSeconds(1));
        return service.changePhase(id, phase, "next step", false, ALICE);
    }

    @Test
    void aColumnWithSourceWalksEveryForwardStepWhenTheFactsAllow() {
        service.register(withSource("email"), "new", false, ALICE);

        for (Phase phase : List.of(Phase.WRITE, Phase.SHADOW, Phase.READ, Phase.CONTRACT, Phase.COMPLETE)) {
            ColumnDetails details = move(phase);
            assertThat(details.column().phase()).isEqualTo(phase);
        }

        List<PhaseChange> history = store.history(id);
        assertThat(history).extracting(PhaseChange::to).containsExactly(Phase.HIDDEN, Phase.WRITE, Phase.SHADOW,
                Phase.READ, Phase.CONTRACT, Phase.COMPLETE);
        assertThat(history).noneMatch(PhaseChange::forced);
        assertThat(history.get(1).guardRails()).extracting(GuardRailResult::rule).containsExactly(GuardRails.SCHEMA);
    }

    @Test
    void aPureAdditionWalksHiddenWriteReadComplete() {
        service.register(ManagedColumn.declared(id, "text", null, null, null, null), "", false, ALICE);

        for (Phase phase : List.of(Phase.WRITE, Phase.READ, Phase.COMPLETE)) {
            assertThat(move(phase).column().phase()).isEqualTo(phase);
        }
    }

    @Test
    void everyBackwardStepThatLosesNoWritesSucceeds() {
        service.register(withSource("email"), "", false, ALICE);
        for (Phase phase : List.of(Phase.WRITE, Phase.SHADOW, Phase.READ, Phase.CONTRACT)) {
            move(phase);
        }

        for (Phase phase : List.of(Phase.READ, Phase.SHADOW, Phase.WRITE, Phase.HIDDEN)) {
            clock.advance(Duration.ofSeconds(1));
            jobsSayAllIsWell();
            assertThat(service.rollback(id, "back", false, ALICE).column().phase()).isEqualTo(phase);
        }
        assertThat(store.history(id).subList(5, 9)).allMatch(c -> c.kind() == PhaseChange.Kind.BACKWARD);
    }

    @Test
    void illegalStepsAreRefusedAndForceDoesNotHelp() {
        service.register(withSource(null), "", false, ALICE);

        assertThatThrownBy(() -> service.changePhase(id, Phase.SHADOW, "skip", true, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST);
                    assertThat(e.error()).isEqualTo("illegal_step");
                    assertThat(e.getMessage()).contains("one step at a time");
                });
        assertThat(store.find(id).orElseThrow().phase()).isEqualTo(Phase.HIDDEN);
    }

    @Test
    void aPureAdditionHasNoShadowPhase() {
        service.register(ManagedColumn.declared(id, "int", null, null, null, null), "", false, ALICE);
        move(Phase.WRITE);

        assertThatThrownBy(() -> service.changePhase(id, Phase.SHADOW, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.getMessage()).contains("has no phase 'shadow'"));
    }

    @Test
    void completeIsFinal() {
        service.register(ManagedColumn.declared(id, "int", null, null, null, null), "", false, ALICE);
        move(Phase.WRITE);
        move(Phase.READ);
        move(Phase.COMPLETE);

        assertThatThrownBy(() -> service.changePhase(id, Phase.READ, "undo", true, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.error()).isEqualTo("illegal_step"));
        assertThatThrownBy(() -> service.rollback(id, "undo", true, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.CONFLICT);
                    assertThat(e.error()).isEqualTo("no_step_back");
                    assertThat(e.getMessage()).contains("complete");
                });
    }

    @Test
    void unmetGuardRailsRefuseWithTheListAndAreAudited() throws Exception {
        service.register(withSource(null), "", false, ALICE);

        assertThatThrownBy(() -> service.changePhase(id, Phase.WRITE, "try", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.CONFLICT);
                    assertThat(e.error()).isEqualTo("guard_rails_unmet");
                    ColumnService.Refusal refusal = (ColumnService.Refusal) e.detail();
                    assertThat(refusal.from()).isEqualTo(Phase.HIDDEN);
                    assertThat(refusal.to()).isEqualTo(Phase.WRITE);
                    assertThat(refusal.unmet()).extracting(GuardRailResult::rule).containsExactly(GuardRails.SCHEMA);
                    assertThat(refusal.unmet().get(0).status()).isEqualTo(GuardRailResult.Status.UNKNOWN);
                });
        assertThat(store.find(id).orElseThrow().phase()).isEqualTo(Phase.HIDDEN);
        audit.flush(Duration.ofSeconds(30));
        assertThat(audit.query(new AuditQuery(id, AuditAction.PHASE_REFUSED, null, 10))).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("schema"));
    }

    @Test
    void aBackfillOlderThanEnteringWriteDoesNotCount() {
        service.register(withSource(null), "", false, ALICE);
        Instant beforeWrite = clock.instant();
        move(Phase.WRITE);
        jobFacts.set(f -> f.withBackfillCompletedAt(beforeWrite));

        assertThatThrownBy(() -> service.changePhase(id, Phase.SHADOW, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.getMessage()).contains("before " + id + " entered write"));
    }

    @Test
    void forceNeedsAReason() {
        service.register(withSource(null), "", false, ALICE);

        assertThatThrownBy(() -> service.changePhase(id, Phase.WRITE, "  ", true, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST);
                    assertThat(e.error()).isEqualTo("reason_required");
                });
    }

    @Test
    void forceWithAReasonOverridesAndIsRecordedAsForced() throws Exception {
        service.register(withSource(null), "", false, ALICE);

        ColumnDetails details = service.changePhase(id, Phase.WRITE, "column added by hand, checked", true, ALICE);

        assertThat(details.column().phase()).isEqualTo(Phase.WRITE);
        PhaseChange change = details.history().get(details.history().size() - 1);
        assertThat(change.forced()).isTrue();
        assertThat(change.reason()).isEqualTo("column added by hand, checked");
        assertThat(change.who()).isEqualTo("alice");
        assertThat(change.guardRails()).extracting(GuardRailResult::rule).containsExactly(GuardRails.SCHEMA);
        audit.flush(Duration.ofSeconds(30));
        AuditRecord record = audit.query(new AuditQuery(id, AuditAction.PHASE_CHANGED, null, 1)).get(0);
        assertThat(record.detail()).contains("forced over schema").contains("column added by hand");
        assertThat(record.session().user()).isEqualTo("alice");
        assertThat(record.snapshotVersion()).isEqualTo(change.storeVersion());
    }

    @Test
    void forceWhenEverythingIsMetIsNotRecordedAsForced() {
        service.register(withSource(null), "", false, ALICE);
        jobsSayAllIsWell();

        ColumnDetails details = service.changePhase(id, Phase.WRITE, "all good anyway", true, ALICE);

        assertThat(details.history().get(details.history().size() - 1).forced()).isFalse();
    }

    @Test
    void askingForTheCurrentPhaseChangesNothing() {
        service.register(withSource(null), "", false, ALICE);

        ColumnDetails details = service.changePhase(id, Phase.HIDDEN, "", false, ALICE);

        assertThat(details.column().version()).isEqualTo(1);
        assertThat(details.history()).hasSize(1);
    }

    @Test
    void rollbackFromHiddenIsRefused() {
        service.register(withSource(null), "", false, ALICE);

        assertThatThrownBy(() -> service.rollback(id, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.error()).isEqualTo("no_step_back");
                    assertThat(e.getMessage()).contains("nothing to roll back");
                });
    }

    @Test
    void rollbackOutOfContractNeedsAReverseBackfillNewerThanEnteringContract() {
        service.register(withSource("email"), "", false, ALICE);
        for (Phase phase : List.of(Phase.WRITE, Phase.SHADOW, Phase.READ, Phase.CONTRACT)) {
            move(phase);
        }
        Instant old = clock.instant().minusSeconds(60);
        jobFacts.set(f -> f.withReverseBackfillCompletedAt(old));

        assertThatThrownBy(() -> service.rollback(id, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.error()).isEqualTo("guard_rails_unmet");
                    assertThat(e.getMessage()).contains("reverse backfill").contains("older than entering contract");
                });

        clock.advance(Duration.ofSeconds(5));
        Instant fresh = clock.instant();
        jobFacts.set(f -> f.withReverseBackfillCompletedAt(fresh));
        assertThat(service.rollback(id, "", false, ALICE).column().phase()).isEqualTo(Phase.READ);
    }

    @Test
    void rollbackOutOfReadWithoutDownIsRefusedAfterNewOnlyWrites() throws Exception {
        service.register(withSource(null), "", false, ALICE);
        for (Phase phase : List.of(Phase.WRITE, Phase.SHADOW, Phase.READ)) {
            move(phase);
        }
        clock.advance(Duration.ofSeconds(1));
        audit.record(new AuditRecord(clock.instant(), "gw-test", new AuditSession("app", "db", null, null),
                List.of(new AuditColumn(id, Phase.READ, false, false, true)), 9, AuditAction.REWRITTEN, null,
                "UPDATE users SET email_lower = ?", 1, 10, null, null));
        audit.flush(Duration.ofSeconds(30));

        assertThatThrownBy(() -> service.rollback(id, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    ColumnService.Refusal refusal = (ColumnService.Refusal) e.detail();
                    assertThat(refusal.unmet()).extracting(GuardRailResult::rule)
                            .containsExactly(GuardRails.REVERSE_BACKFILL);
                    assertThat(e.getMessage()).contains("no down expression");
                });
        assertThat(service.rollback(id, "accept stale source", true, ALICE).column().phase())
                .isEqualTo(Phase.SHADOW);
    }

    @Test
    void rollbackOutOfReadWithoutDownIsAllowedWhenTheAuditSawNoNewOnlyWrite() {
        service.register(withSource(null), "", false, ALICE);
        for (Phase phase : List.of(Phase.WRITE, Phase.SHADOW, Phase.READ)) {
            move(phase);
        }

        assertThat(service.rollback(id, "", false, ALICE).column().phase()).isEqualTo(Phase.SHADOW);
    }

    @Test
    void sourceReadsInTheAuditWindowBlockContractUntilTheWindowIsQuiet() throws Exception {
        service = service(TEN_MINUTES);
        service.register(withSource(null), "", false, ALICE);
        move(Phase.WRITE);
        move(Phase.SHADOW);
        for (int i = 0; i < 3; i++) {
            audit.record(new AuditRecord(clock.instant(), "gw-test", null,
                    List.of(new AuditColumn(id, Phase.SHADOW, true, false, false)), 1, AuditAction.SHADOWED, null,
                    null, 1, 1, null, null));
        }
        audit.flush(Duration.ofSeconds(30));
        clock.advance(Duration.ofMinutes(11));
        move(Phase.READ);

        // The shadow reads also read the source, 11 minutes ago; a fresh read now:
        audit.record(new AuditRecord(clock.instant(), "gw-test", null,
                List.of(new AuditColumn(id, Phase.READ, true, false, false)), 1, AuditAction.PASSED, null, null, 1, 1,
                null, null));
        audit.flush(Duration.ofSeconds(30));
        assertThatThrownBy(() -> service.changePhase(id, Phase.CONTRACT, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.getMessage()).contains("1 statements read email"));

        clock.advance(Duration.ofMinutes(11));
        assertThat(service.changePhase(id, Phase.CONTRACT, "", false, ALICE).column().phase())
                .isEqualTo(Phase.CONTRACT);
    }

    @Test
    void shadowReadsMustBeCleanForTheWindowAndCount() throws Exception {
        service = service(TEN_MINUTES);
        service.register(withSource(null), "", false, ALICE);
        move(Phase.WRITE);
        move(Phase.SHADOW);
        for (int i = 0; i < 5; i++) {
            audit.record(shadowed(AuditAction.SHADOWED));
        }
        clock.advance(Duration.ofSeconds(2));
        audit.record(shadowed(AuditAction.SHADOW_MISMATCH));
        audit.flush(Duration.ofSeconds(30));
        clock.advance(Duration.ofMinutes(11));

        assertThatThrownBy(() -> service.changePhase(id, Phase.READ, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getMessage())
                        .contains("0 shadowed reads").contains("1 mismatches since entering shadow"));

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            audit.record(shadowed(AuditAction.SHADOWED));
        }
        audit.flush(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.changePhase(id, Phase.READ, "", false, ALICE).column().phase()).isEqualTo(Phase.READ);
    }

    private AuditRecord shadowed(AuditAction action) {
        return new AuditRecord(clock.instant(), "gw-test", null, List.of(AuditColumn.of(id, Phase.SHADOW)), 1, action,
                null, null, 1, 1, null, null);
    }

    @Test
    void deleteOnlyInHiddenOrComplete() {
        service.register(withSource(null), "", false, ALICE);
        move(Phase.WRITE);

        assertThatThrownBy(() -> service.delete(id, "", ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.error()).isEqualTo("delete_refused");
                    assertThat(e.getMessage()).contains("'write'");
                });

        service.rollback(id, "", false, ALICE);
        service.delete(id, "not needed", ALICE);
        assertThat(store.find(id)).isEmpty();
        assertThatThrownBy(() -> service.describe(id))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
    }

    @Test
    void registrationValidatesNamesAndRefusesSkippingPhases() {
        ManagedColumn badName = ManagedColumn.declared(new ColumnId("public", "users", "a\u0001b"), "text", null,
                null, null, null);
        assertThatThrownBy(() -> service.register(badName, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.error()).isEqualTo("invalid_column"));

        ManagedColumn inRead = new ManagedColumn(id, "text", "email", null, null, null, Phase.READ, 1);
        assertThatThrownBy(() -> service.register(inRead, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.error()).isEqualTo("phase_needs_force"));

        service.register(withSource(null), "", false, ALICE);
        assertThatThrownBy(() -> service.register(withSource(null), "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.error()).isEqualTo("already_managed"));
    }

    @Test
    void aChangeRacingAnotherIsAConflictNotAnOverwrite() {
        service.register(withSource(null), "", false, ALICE);
        jobsSayAllIsWell();
        // Another gateway moves the column while this one gathers facts.
        GuardRailFactsSource racing = (column, facts) -> {
            store.changePhase(column.id(), column.version(), Phase.WRITE, ChangeNote.of("bob", "faster"));
            return jobFacts.get().apply(facts);
        };
        ColumnService racy = new ColumnService(store, racing, NO_WINDOWS, audit, null, clock);

        assertThatThrownBy(() -> racy.changePhase(id, Phase.WRITE, "", false, ALICE))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.CONFLICT);
                    assertThat(e.error()).isEqualTo("concurrent_change");
                });
        assertThat(store.history(id)).extracting(PhaseChange::who).containsExactly("alice", "bob");
    }

    @Test
    void detailsShowTheNextAndPreviousStepWithTheirGuardRails() {
        service.register(withSource(null), "", false, ALICE);
        move(Phase.WRITE);
        jobFacts.set(f -> f);

        ColumnDetails details = service.describe(id);

        assertThat(details.next()).hasValueSatisfying(step -> {
            assertThat(step.phase()).isEqualTo(Phase.SHADOW);
            assertThat(step.allowed()).isFalse();
            assertThat(step.guardRails()).extracting(GuardRailResult::rule).containsExactly(GuardRails.BACKFILL);
        });
        assertThat(details.previous()).hasValueSatisfying(step -> {
            assertThat(step.phase()).isEqualTo(Phase.HIDDEN);
            assertThat(step.allowed()).isTrue();
        });
    }

    @Test
    void changeListenersRunAfterEveryChange() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        service.onChange(calls::incrementAndGet);

        service.register(withSource(null), "", false, ALICE);
        move(Phase.WRITE);
        service.rollback(id, "", false, ALICE);
        service.delete(id, "", ALICE);

        assertThat(calls).hasValue(4);
    }
}
