package dev.phasegate.admin.http;

import dev.phasegate.admin.service.RewritePreviewer;
import dev.phasegate.admin.service.ServiceException;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.lex.SearchPathCommand;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/rewrite} with {@code {"sql": "...", "phases": {"schema.table.column": "phase"},
 * "searchPath": "tenant_a, public"}}: what the rewriter does to the statement under the snapshot in
 * force, or under a what-if with some columns in other phases, for a session with that search_path.
 */
final class RewriteResource {

    private final RewritePreviewer previewer;
    private final Supplier<PhaseSnapshot> snapshot;

    RewriteResource(RewritePreviewer previewer, Supplier<PhaseSnapshot> snapshot) {
        this.previewer = previewer;
        this.snapshot = snapshot != null ? snapshot : PhaseSnapshot::empty;
    }

    List<Route> routes() {
        return List.of(Route.post("/api/v1/rewrite", this::preview));
    }

    /** {@code searchPath} as {@code set_config('search_path', …)} takes it: names separated by commas. */
    record RewriteBody(String sql, Map<String, String> phases, String searchPath) {
    }

    private AdminResponse preview(AdminRequest request) {
        RewriteBody body = request.body(RewriteBody.class);
        String sql = ColumnsResource.required(body.sql(), "sql");
        PhaseSnapshot base = snapshot.get();
        PhaseSnapshot effective = body.phases() == null || body.phases().isEmpty() ? base : whatIf(base, body.phases());
        List<String> searchPath = body.searchPath() == null ? null : SearchPathCommand.list(body.searchPath());
        return AdminResponse.ok(previewer.preview(sql, effective, searchPath));
    }

    /** The snapshot with some phases replaced; same version (previewers must not cache by it). */
    static PhaseSnapshot whatIf(PhaseSnapshot base, Map<String, String> phases) {
        Map<ColumnId, ManagedColumn> columns = new TreeMap<>();
        base.columns().forEach(c -> columns.put(c.id(), c));
        for (Map.Entry<String, String> entry : phases.entrySet()) {
            ColumnId id = AdminRequest.parseColumnId(entry.getKey());
            ManagedColumn column = columns.get(id);
            if (column == null) {
                throw ServiceException.badRequest("bad_body", "phases names " + id + ", which is not a managed column");
            }
            if (entry.getValue() == null) {
                throw ServiceException.badRequest("bad_body", "phases." + id + " must be a phase name");
            }
            Phase phase = ColumnsResource.phase(entry.getValue());
            try {
                columns.put(id, new ManagedColumn(id, column.type(), column.source(), column.up(), column.down(),
                        column.defaultValue(), phase, column.version()));
            } catch (IllegalArgumentException e) {
                throw ServiceException.badRequest("bad_phase", e.getMessage());
            }
        }
        return new PhaseSnapshot(base.version(), columns.values());
    }
}
