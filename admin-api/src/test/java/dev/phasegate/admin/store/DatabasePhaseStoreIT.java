package dev.phasegate.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.config.guard.GuardRailResult;
import dev.phasegate.testing.PostgresExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DatabasePhaseStoreIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static int counter;
    private DatabasePhaseStore store;
    private ColumnId id;

    private DatabasePhaseStore open() {
        return DatabasePhaseStore.open(PG.jdbcUrl(), PG.user(), PG.password(), Duration.ofSeconds(2),
                Clock.systemUTC());
    }

    @BeforeEach
    void setUp() {
        store = open();
        // Each test uses its own column; the database (and store) is shared by the class.
        id = new ColumnId("public", "users", "email_lower_" + (++counter));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private ManagedColumn declared() {
        return ManagedColumn.declared(id, "text", "email", "lower(email)", null, null);
    }

    @Test
    void registeringBumpsTheGlobalVersionAndAppearsInTheSnapshot() {
        long before = store.currentVersion();

        ManagedColumn stored = store.register(declared(), ChangeNote.of("alice", "new column"));

        PhaseSnapshot snapshot = store.load();
        assertThat(snapshot.version()).isEqualTo(before + 1).isEqualTo(store.currentVersion());
        assertThat(snapshot.column(id)).contains(stored);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.phase()).isEqualTo(Phase.HIDDEN);
    }

    @Test
    void registeringTwiceIsRefused() {
        store.register(declared(), ChangeNote.of("alice", ""));

        assertThatThrownBy(() -> store.register(declared(), ChangeNote.of("bob", "")))
                .isInstanceOf(PhaseStoreException.AlreadyExists.class).hasMessageContaining(id.toString());
    }

    @Test
    void phaseChangesAndHistorySurviveARestart() {
        ManagedColumn registered = store.register(declared(), ChangeNote.of("alice", "new"));
        List<GuardRailResult> rails = List.of(GuardRailResult.unmet("schema", "missing"));
        ManagedColumn write = store.changePhase(id, registered.version(), Phase.WRITE,
                new ChangeNote("bob", "dual write", true, rails));
        store.changePhase(id, write.version(), Phase.HIDDEN, ChangeNote.of("carol", "back"));
        long version = store.currentVersion();
        store.close();

        store = open();

        assertThat(store.currentVersion()).isEqualTo(version);
        ManagedColumn reloaded = store.find(id).orElseThrow();
        assertThat(reloaded.phase()).isEqualTo(Phase.HIDDEN);
        assertThat(reloaded.version()).isEqualTo(3);
        List<PhaseChange> history = store.history(id);
        assertThat(history).extracting(PhaseChange::kind).containsExactly(
                PhaseChange.Kind.REGISTER, PhaseChange.Kind.FORWARD, PhaseChange.Kind.BACKWARD);
        PhaseChange forced = history.get(1);
        assertThat(forced.from()).isEqualTo(Phase.HIDDEN);
        assertThat(forced.to()).isEqualTo(Phase.WRITE);
        assertThat(forced.who()).isEqualTo("bob");
        assertThat(forced.reason()).isEqualTo("dual write");
        assertThat(forced.forced()).isTrue();
        assertThat(forced.guardRails()).isEqualTo(rails);
        assertThat(forced.columnVersion()).isEqualTo(2);
        assertThat(history.get(2).storeVersion()).isEqualTo(version);
    }

    @Test
    void aChangeBasedOnAStaleVersionIsAConflict() {
        ManagedColumn registered = store.register(declared(), ChangeNote.of("alice", ""));
        store.changePhase(id, registered.version(), Phase.WRITE, ChangeNote.of("bob", ""));

        assertThatThrownBy(() -> store.changePhase(id, registered.version(), Phase.WRITE, ChangeNote.of("carol", "")))
                .isInstanceOfSatisfying(PhaseStoreException.VersionConflict.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.actual()).isEqualTo(2);
                })
                .hasMessageContaining("changed concurrently");
        assertThat(store.history(id)).hasSize(2);
    }

    @Test
    void changingAnUnknownColumnIsReported() {
        assertThatThrownBy(() -> store.changePhase(id, 1, Phase.WRITE, ChangeNote.of("bob", "")))
                .isInstanceOf(PhaseStoreException.UnknownColumn.class);
    }

    @Test
    void deletingRemovesColumnAndFactsButKeepsHistory() {
        ManagedColumn registered = store.register(declared(), ChangeNote.of("alice", ""));
        store.putFact(id, "backfill", JsonNodeFactory.instance.objectNode().put("state", "done"));
        long before = store.currentVersion();

        store.delete(id, registered.version(), ChangeNote.of("bob", "gone"));

        assertThat(store.find(id)).isEmpty();
        assertThat(store.load().column(id)).isEmpty();
        assertThat(store.currentVersion()).isEqualTo(before + 1);
        assertThat(store.facts(id)).isEmpty();
        assertThat(store.history(id)).extracting(PhaseChange::kind)
                .containsExactly(PhaseChange.Kind.REGISTER, PhaseChange.Kind.DELETE);
    }

    @Test
    void factsAreStoredPerKindWithoutChangingTheVersion() {
        store.register(declared(), ChangeNote.of("alice", ""));
        long version = store.currentVersion();
        ObjectNode first = JsonNodeFactory.instance.objectNode().put("lastKey", 10);
        ObjectNode second = JsonNodeFactory.instance.objectNode().put("lastKey", 20);

        store.putFact(id, "backfill", first);
        store.putFact(id, "backfill", second);
        store.putFact(id, "verification", JsonNodeFactory.instance.objectNode().put("mismatches", 0));

        assertThat(store.fact(id, "backfill").orElseThrow().value()).isEqualTo(second);
        assertThat(store.facts(id)).containsOnlyKeys("backfill", "verification");
        assertThat(store.currentVersion()).isEqualTo(version);
    }

    @Test
    void factsOfAnUnknownColumnAreRefused() {
        assertThatThrownBy(() -> store.putFact(id, "backfill", JsonNodeFactory.instance.objectNode()))
                .isInstanceOf(PhaseStoreException.UnknownColumn.class);
    }

    @Test
    void anUnreachableDatabaseIsReportedAsUnavailable() {
        assertThatThrownBy(() -> DatabasePhaseStore.open("jdbc:postgresql://127.0.0.1:1/nothing", "x", "y",
                Duration.ofMillis(500), Clock.systemUTC()))
                .isInstanceOf(PhaseStoreException.Unavailable.class)
                .hasMessageContaining("cannot connect to the phase store");
    }
}
