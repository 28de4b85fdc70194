package dev.phasegate.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSeederTest {

    private static final ColumnId ID = ColumnId.parse("public.users.email_lower");

    @TempDir
    Path dir;

    private static ManagedColumn declared(String up, Phase phase) {
        return new ManagedColumn(ID, "text", "email", up, null, null, phase, 1);
    }

    @Test
    void aColumnSeenForTheFirstTimeIsRegisteredInItsDeclaredPhase() {
        try (FilePhaseStore store = FilePhaseStore.open(dir.resolve("p.json"), Clock.systemUTC())) {
            ConfigSeeder.Report report = ConfigSeeder.seed(store, List.of(declared("lower(email)", Phase.WRITE)),
                    "phasegate.yaml");

            assertThat(report.seeded()).containsExactly(ID);
            assertThat(report.drifts()).isEmpty();
            assertThat(store.find(ID).orElseThrow().phase()).isEqualTo(Phase.WRITE);
            assertThat(store.history(ID).get(0).who()).isEqualTo(ConfigSeeder.WHO);
            assertThat(store.history(ID).get(0).reason()).contains("phasegate.yaml");
        }
    }

    @Test
    void afterwardsTheStoreWinsAndDifferencesAreReported() {
        try (FilePhaseStore store = FilePhaseStore.open(dir.resolve("p.json"), Clock.systemUTC())) {
            ConfigSeeder.seed(store, List.of(declared("lower(email)", Phase.HIDDEN)), "phasegate.yaml");
            store.changePhase(ID, 1, Phase.WRITE, ChangeNote.of("api", ""));
            long version = store.currentVersion();

            ConfigSeeder.Report report = ConfigSeeder.seed(store, List.of(declared("upper(email)", Phase.HIDDEN)),
                    "phasegate.yaml");

            assertThat(report.seeded()).isEmpty();
            ConfigSeeder.Drift drift = report.driftOf(ID).orElseThrow();
            assertThat(drift.fields()).containsExactly(
                    new ConfigSeeder.FieldDrift("up", "upper(email)", "lower(email)"),
                    new ConfigSeeder.FieldDrift("phase", "hidden", "write"));
            assertThat(drift.definitionConflict()).isTrue();
            assertThat(drift.describe()).contains("up: config says 'upper(email)', store has 'lower(email)'");
            assertThat(store.currentVersion()).isEqualTo(version);
            assertThat(store.find(ID).orElseThrow().up()).isEqualTo("lower(email)");
        }
    }

    @Test
    void aPhaseMovedOverTheApiIsADifferenceButNotAConflict() {
        try (FilePhaseStore store = FilePhaseStore.open(dir.resolve("p.json"), Clock.systemUTC())) {
            ConfigSeeder.seed(store, List.of(declared(null, Phase.HIDDEN)), "c.yaml");
            store.changePhase(ID, 1, Phase.WRITE, ChangeNote.of("api", ""));

            ConfigSeeder.Drift drift = ConfigSeeder.seed(store, List.of(declared(null, Phase.HIDDEN)), "c.yaml")
                    .driftOf(ID).orElseThrow();

            assertThat(drift.definitionConflict()).isFalse();
        }
    }
}
