package dev.phasegate.config;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the {@code columns:} list of the configuration file. */
final class ColumnDeclarations {

    private ColumnDeclarations() {
    }

    static List<ManagedColumn> from(List<ConfigSection> sections) {
        List<ManagedColumn> columns = new ArrayList<>();
        Set<ColumnId> seen = new HashSet<>();
        for (ConfigSection s : sections) {
            ColumnId id = s.parsed("id", null, ColumnId::parse);
            if (id == null) {
                throw s.error("id", "is required (schema.table.column)");
            }
            String type = s.requiredString("type");
            String source = s.string("source", null);
            String up = s.string("up", null);
            String down = s.string("down", null);
            String defaultValue = s.string("default", null);
            Phase phase = s.parsed("phase", Phase.HIDDEN, Phase::parse);
            s.finish();
            if (!seen.add(id)) {
                throw s.error("id", "column " + id + " is declared twice");
            }
            try {
                columns.add(new ManagedColumn(id, type, source, up, down, defaultValue, phase, 1));
            } catch (IllegalArgumentException e) {
                throw s.error(null, e.getMessage());
            }
        }
        return List.copyOf(columns);
    }
}
