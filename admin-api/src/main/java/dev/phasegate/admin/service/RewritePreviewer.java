package dev.phasegate.admin.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.PhaseSnapshot;
import java.util.List;

/**
 * Shows what the rewriter would do to a statement; the gateway wires it to the rewriter for
 * {@code POST /api/v1/rewrite}.
 */
@FunctionalInterface
public interface RewritePreviewer {

    /**
     * Plans {@code sql} under {@code snapshot}.
     *
     * <p>The snapshot may be a what-if (the request's {@code phases} applied over the snapshot in
     * force) with the same version as the real one: do <em>not</em> cache plans by its version.
     * Must not throw for bad SQL: report it in {@link RewritePreview#error()}.
     */
    RewritePreview preview(String sql, PhaseSnapshot snapshot);

    /** Until the gateway wires the rewriter. */
    RewritePreviewer UNAVAILABLE = (sql, snapshot) -> new RewritePreview(sql, false, null, List.of(), null,
            "no rewriter is wired into this admin API");

    /**
     * The plan as the CLI preview prints it.
     *
     * @param sql          the statement as it would be sent upstream (the input when unchanged)
     * @param changed      whether it differs from the input
     * @param statement    the statement kind ({@code select}, {@code insert}, …), or {@code null}
     * @param columns      each managed column the statement touches and what the plan does to it
     * @param resultFilter what the result filter does to rows (columns dropped, shadow checks), as
     *                     any JSON-serialisable value, or {@code null}
     * @param error        why the statement could not be planned (or is rejected), else {@code null}
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RewritePreview(String sql, boolean changed, String statement, List<ColumnAction> columns,
                          Object resultFilter, String error) {
        public RewritePreview {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }

    /** What a plan does to one managed column: an audit action name ({@code rewritten}, {@code stripped}, …). */
    record ColumnAction(ColumnId id, String action) {
    }
}
