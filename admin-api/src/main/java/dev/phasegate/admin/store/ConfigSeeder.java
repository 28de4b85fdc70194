package dev.phasegate.admin.store;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the phase store from the {@code columns:} list of the configuration file. A column the
 * store has never seen is registered as declared (in its declared phase). Afterwards the store
 * wins: a declaration that differs from the stored column is reported as a {@link Drift} — logged
 * as a warning and shown by the admin API — and never applied silently in either direction.
 */
public final class ConfigSeeder {

    private static final Logger log = LoggerFactory.getLogger(ConfigSeeder.class);

    /** Who the history names for seeded columns. */
    public static final String WHO = "config";

    /** One field where the configuration file and the store disagree. */
    public record FieldDrift(String field, String config, String store) {
    }

    /** A declared column that differs from the stored one. */
    public record Drift(ColumnId column, List<FieldDrift> fields) {
        public Drift {
            fields = List.copyOf(fields);
        }

        /**
         * Whether the definition differs ({@code type}, {@code source}, {@code up}, {@code down},
         * {@code default}): a real conflict. A different phase alone is the expected result of
         * phase changes made over the API after seeding (the configured phase only seeds).
         */
        public boolean definitionConflict() {
            return fields.stream().anyMatch(f -> !f.field().equals("phase"));
        }

        public String describe() {
            StringBuilder sb = new StringBuilder();
            for (FieldDrift f : fields) {
                if (!sb.isEmpty()) {
                    sb.append("; ");
                }
                sb.append(f.field()).append(": config says ").append(show(f.config())).append(", store has ")
                        .append(show(f.store()));
            }
            return sb.toString();
        }

        private static String show(String value) {
            return value == null ? "nothing" : "'" + value + "'";
        }
    }

    /** What seeding did. */
    public record Report(List<ColumnId> seeded, List<Drift> drifts) {
        public Report {
            seeded = List.copyOf(seeded);
            drifts = List.copyOf(drifts);
        }

        public Optional<Drift> driftOf(ColumnId id) {
            return drifts.stream().filter(d -> d.column().equals(id)).findFirst();
        }
    }

    private ConfigSeeder() {
    }

    /**
     * Registers every declared column the store does not hold and compares the others.
     *
     * @param origin where the declarations come from (the config file path), recorded as the reason
     */
    public static Report seed(PhaseStore store, List<ManagedColumn> declared, String origin) {
        List<ColumnId> seeded = new ArrayList<>();
        List<Drift> drifts = new ArrayList<>();
        for (ManagedColumn column : declared) {
            Optional<ManagedColumn> stored = store.find(column.id());
            if (stored.isEmpty()) {
                try {
                    store.register(column, ChangeNote.of(WHO, "seeded from " + origin));
                    seeded.add(column.id());
                    log.info("Seeded managed column {} in phase {} from {}", column.id(), column.phase(), origin);
                    continue;
                } catch (PhaseStoreException.AlreadyExists e) {
                    // Another gateway seeded it first: compare with what it stored.
                    stored = store.find(column.id());
                    if (stored.isEmpty()) {
                        continue;
                    }
                }
            }
            compare(column, stored.get()).ifPresent(drift -> {
                drifts.add(drift);
                if (drift.definitionConflict()) {
                    log.warn("Managed column {} in {} conflicts with the phase store, which wins: {}. Register it "
                            + "anew through the admin API, or update the configuration to match.", column.id(), origin,
                            drift.describe());
                } else {
                    log.info("Managed column {}: {} (the configured phase only seeds the store)", column.id(),
                            drift.describe());
                }
            });
        }
        return new Report(seeded, drifts);
    }

    /** The fields where a declaration and a stored column differ. */
    public static Optional<Drift> compare(ManagedColumn declared, ManagedColumn stored) {
        List<FieldDrift> fields = new ArrayList<>();
        field(fields, "type", declared.type(), stored.type());
        field(fields, "source", declared.source(), stored.source());
        field(fields, "up", declared.up(), stored.up());
        field(fields, "down", declared.down(), stored.down());
        field(fields, "default", declared.defaultValue(), stored.defaultValue());
        field(fields, "phase", declared.phase().wireName(), stored.phase().wireName());
        return fields.isEmpty() ? Optional.empty() : Optional.of(new Drift(declared.id(), fields));
    }

    private static void field(List<FieldDrift> out, String name, String config, String store) {
        if (!Objects.equals(config, store)) {
            out.add(new FieldDrift(name, config, store));
        }
    }
}
