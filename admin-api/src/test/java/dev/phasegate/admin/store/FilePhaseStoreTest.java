package dev.phasegate.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePhaseStoreTest {

    private static final ColumnId ID = ColumnId.parse("public.users.email_lower");

    @TempDir
    Path dir;

    private ManagedColumn declared() {
        return ManagedColumn.declared(ID, "text", "email", "lower(email)", null, null);
    }

    @Test
    void aRestartKeepsColumnsHistoryFactsAndVersion() {
        Path file = dir.resolve("phases.json");
        long version;
        try (FilePhaseStore store = FilePhaseStore.open(file, Clock.systemUTC())) {
            ManagedColumn registered = store.register(declared(), ChangeNote.of("alice", "new"));
            store.changePhase(ID, registered.version(), Phase.WRITE,
                    new ChangeNote("bob", "go", true, List.of(GuardRailResult.unknown("schema", "not checked"))));
            store.putFact(ID, "backfill", JsonNodeFactory.instance.objectNode().put("state", "done"));
            version = store.currentVersion();
        }

        try (FilePhaseStore store = FilePhaseStore.open(file, Clock.systemUTC())) {
            assertThat(store.currentVersion()).isEqualTo(version);
            assertThat(store.load().column(ID).orElseThrow().phase()).isEqualTo(Phase.WRITE);
            assertThat(store.history(ID)).hasSize(2);
            PhaseChange change = store.history(ID).get(1);
            assertThat(change.forced()).isTrue();
            assertThat(change.guardRails()).containsExactly(GuardRailResult.unknown("schema", "not checked"));
            assertThat(store.fact(ID, "backfill").orElseThrow().value().get("state").asText()).isEqualTo("done");
        }
    }

    @Test
    void everyChangeLeavesACompleteFileAndNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("phases.json");
        try (FilePhaseStore store = FilePhaseStore.open(file, Clock.systemUTC())) {
            ManagedColumn column = store.register(declared(), ChangeNote.of("alice", ""));
            for (Phase phase : List.of(Phase.WRITE, Phase.SHADOW, Phase.READ)) {
                column = store.changePhase(ID, column.version(), phase, ChangeNote.of("alice", ""));
                JsonNode onDisk = AdminJson.mapper().readTree(file.toFile());
                assertThat(onDisk.get("version").asLong()).isEqualTo(store.currentVersion());
                assertThat(onDisk.get("columns").get(0).get("phase").asText()).isEqualTo(phase.wireName());
                try (Stream<Path> files = Files.list(dir)) {
                    assertThat(files.map(p -> p.getFileName().toString()))
                            .containsExactlyInAnyOrder("phases.json", "phases.json.lock");
                }
            }
        }
    }

    @Test
    void aTemporaryFileLeftByACrashDoesNotMatter() throws Exception {
        Path file = dir.resolve("phases.json");
        try (FilePhaseStore store = FilePhaseStore.open(file, Clock.systemUTC())) {
            store.register(declared(), ChangeNote.of("alice", ""));
        }
        Files.writeString(dir.resolve("phases.json12345.tmp"), "{\"trunc");

        try (FilePhaseStore store = FilePhaseStore.open(file, Clock.systemUTC())) {
            assertThat(store.find(ID)).isPresent();
        }
    }

    @Test
    void aSecondStoreOnTheSameFileIsRefused() {
        Path file = dir.resolve("phases.json");
        try (FilePhaseStore store = FilePhaseStore.open(file, Clock.systemUTC())) {
            assertThat(store.currentVersion()).isZero();
            assertThatThrownBy(() -> FilePhaseStore.open(file, Clock.systemUTC()))
                    .isInstanceOf(PhaseStoreException.Unavailable.class).hasMessageContaining("in use");
        }
    }

    @Test
    void aStaleVersionIsAConflict() {
        try (FilePhaseStore store = FilePhaseStore.open(dir.resolve("p.json"), Clock.systemUTC())) {
            ManagedColumn registered = store.register(declared(), ChangeNote.of("alice", ""));
            store.changePhase(ID, registered.version(), Phase.WRITE, ChangeNote.of("alice", ""));

            assertThatThrownBy(() -> store.changePhase(ID, registered.version(), Phase.SHADOW, ChangeNote.of("b", "")))
                    .isInstanceOf(PhaseStoreException.VersionConflict.class);
        }
    }

    @Test
    void aWriteThatFailsLeavesTheStoreUnchanged() throws Exception {
        Path sub = dir.resolve("sub");
        Path file = sub.resolve("p.json");
        try (FilePhaseStore store = FilePhaseStore.open(file, Clock.systemUTC())) {
            ManagedColumn registered = store.register(declared(), ChangeNote.of("alice", ""));
            // Make the next write impossible: the directory becomes a file (works even as root).
            try (Stream<Path> files = Files.list(sub)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(sub);
            Files.writeString(sub, "not a directory");

            assertThatThrownBy(() -> store.changePhase(ID, registered.version(), Phase.WRITE, ChangeNote.of("b", "")))
                    .isInstanceOf(PhaseStoreException.Unavailable.class);
            assertThat(store.find(ID).orElseThrow().phase()).isEqualTo(Phase.HIDDEN);
            assertThat(store.history(ID)).hasSize(1);
            assertThat(store.currentVersion()).isEqualTo(1);
        }
    }
}
