package dev.phasegate.admin.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.service.ColumnDetails;
import dev.phasegate.admin.store.ConfigSeeder;
import dev.phasegate.admin.store.PhaseChange;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of columns in the API (explicit, so renaming a domain field never changes the API). */
final class ColumnViews {

    private ColumnViews() {
    }

    record ColumnView(ColumnId id, String type, String source, String up, String down,
                      @JsonProperty("default") String defaultValue, Phase phase, long version, DriftView configDrift) {
        static ColumnView of(ManagedColumn c, ConfigSeeder.Drift drift) {
            return new ColumnView(c.id(), c.type(), c.source(), c.up(), c.down(), c.defaultValue(), c.phase(),
                    c.version(), drift == null ? null : DriftView.of(drift));
        }
    }

    record ColumnList(long version, Long snapshotVersion, List<ColumnView> columns) {
    }

    record DriftView(boolean conflict, String summary, List<ConfigSeeder.FieldDrift> fields) {
        static DriftView of(ConfigSeeder.Drift drift) {
            return new DriftView(drift.definitionConflict(), drift.describe(), drift.fields());
        }
    }

    record HistoryView(String kind, Phase from, Phase to, Instant at, String who, String reason, boolean forced,
                       List<GuardRailResult> guardRails, long columnVersion, long storeVersion) {
        static HistoryView of(PhaseChange c) {
            return new HistoryView(c.kind().wireName(), c.from(), c.to(), c.at(), c.who(), c.reason(), c.forced(),
                    c.guardRails(), c.columnVersion(), c.storeVersion());
        }
    }

    record StepView(Phase phase, boolean allowed, List<GuardRailResult> guardRails) {
        static StepView of(ColumnDetails.Step step) {
            return new StepView(step.phase(), step.allowed(), step.guardRails());
        }
    }

    record CountersView(Instant since, Map<String, Long> actions) {
        static CountersView of(Instant since, Map<AuditAction, Long> counts) {
            Map<String, Long> byName = new LinkedHashMap<>();
            counts.forEach((action, n) -> byName.put(action.wireName(), n));
            return new CountersView(since, byName);
        }
    }

    record FactView(JsonNode value, Instant updatedAt) {
    }

    record DetailsView(ColumnId id, String type, String source, String up, String down,
                       @JsonProperty("default") String defaultValue, Phase phase, long version, long storeVersion,
                       Long snapshotVersion, StepView next, StepView previous, CountersView counters,
                       List<HistoryView> history, DriftView configDrift, Map<String, FactView> facts) {

        static DetailsView of(ColumnDetails d, Long snapshotVersion) {
            ManagedColumn c = d.column();
            Map<String, FactView> facts = new LinkedHashMap<>();
            d.facts().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> facts.put(e.getKey(), new FactView(e.getValue().value(), e.getValue().updatedAt())));
            return new DetailsView(c.id(), c.type(), c.source(), c.up(), c.down(), c.defaultValue(), c.phase(),
                    c.version(), d.storeVersion(), snapshotVersion,
                    d.next().map(StepView::of).orElse(null), d.previous().map(StepView::of).orElse(null),
                    CountersView.of(d.countersSince(), d.counters()),
                    d.history().stream().map(HistoryView::of).toList(),
                    d.drift().map(DriftView::of).orElse(null), facts);
        }
    }
}
