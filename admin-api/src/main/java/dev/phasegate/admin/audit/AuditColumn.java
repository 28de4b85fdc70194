package dev.phasegate.admin.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import java.util.Objects;

/**
 * A managed column a statement touched, in the phase it was in.
 *
 * @param id           the managed column
 * @param phase        its phase under the snapshot the statement was planned with
 * @param readsSource  the statement reads the column's source (counts against entering {@code contract})
 * @param writesSource the statement writes the column's source (with reads: references, which
 *                     count against entering {@code complete})
 * @param newOnlyWrite the statement set the new column without setting the source (and no
 *                     {@code down} could fill it): such writes make leaving {@code read} lose data
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT) // false flags are left out of the JSON
public record AuditColumn(ColumnId id, Phase phase, boolean readsSource, boolean writesSource,
                          boolean newOnlyWrite) {

    public AuditColumn {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phase, "phase");
    }

    public static AuditColumn of(ColumnId id, Phase phase) {
        return new AuditColumn(id, phase, false, false, false);
    }

    public boolean referencesSource() {
        return readsSource || writesSource;
    }
}
