package dev.phasegate.admin.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.phasegate.admin.service.ColumnDetails;
import dev.phasegate.admin.service.ColumnService;
import dev.phasegate.admin.service.ServiceException;
import dev.phasegate.admin.store.SnapshotFeed;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import java.util.List;

/**
 * {@code /api/v1/columns}: list, register, describe, delete, change phase, roll back.
 */
final class ColumnsResource {

    private final ColumnService service;
    private final SnapshotFeed feed;

    ColumnsResource(ColumnService service, SnapshotFeed feed) {
        this.service = service;
        this.feed = feed;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/columns", request -> list()),
                Route.post("/api/v1/columns", this::register),
                Route.get("/api/v1/columns/{id}", request -> details(service.describe(request.columnId()), 200)),
                Route.delete("/api/v1/columns/{id}", this::delete),
                Route.post("/api/v1/columns/{id}/phase", this::phase),
                Route.post("/api/v1/columns/{id}/rollback", this::rollback));
    }

    record RegisterBody(String id, String type, String source, String up, String down,
                        @JsonProperty("default") String defaultValue, String phase, String reason, Boolean force) {
    }

    record PhaseBody(String phase, String reason, Boolean force) {
    }

    record RollbackBody(String reason, Boolean force) {
    }

    record DeleteBody(String reason) {
    }

    record Deleted(ColumnId deleted) {
    }

    private AdminResponse list() {
        PhaseSnapshot snapshot = service.columns();
        List<ColumnViews.ColumnView> columns = snapshot.columns().stream()
                .map(c -> ColumnViews.ColumnView.of(c, service.configReport().driftOf(c.id()).orElse(null)))
                .toList();
        return AdminResponse.ok(new ColumnViews.ColumnList(snapshot.version(), snapshotInForce(), columns));
    }

    private AdminResponse register(AdminRequest request) {
        RegisterBody body = request.body(RegisterBody.class);
        ColumnId id = AdminRequest.parseColumnId(required(body.id(), "id"));
        Phase phase = body.phase() == null ? Phase.HIDDEN : phase(body.phase());
        ManagedColumn column;
        try {
            column = new ManagedColumn(id, required(body.type(), "type"), body.source(), body.up(), body.down(),
                    body.defaultValue(), phase, 1);
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("invalid_column", e.getMessage());
        }
        return details(service.register(column, body.reason(), Boolean.TRUE.equals(body.force()), request.actor()),
                201);
    }

    private AdminResponse phase(AdminRequest request) {
        ColumnId id = request.columnId();
        PhaseBody body = request.body(PhaseBody.class);
        Phase target = phase(required(body.phase(), "phase"));
        return details(service.changePhase(id, target, body.reason(), Boolean.TRUE.equals(body.force()),
                request.actor()), 200);
    }

    private AdminResponse rollback(AdminRequest request) {
        ColumnId id = request.columnId();
        RollbackBody body = request.hasBody() ? request.body(RollbackBody.class) : new RollbackBody(null, null);
        return details(service.rollback(id, body.reason(), Boolean.TRUE.equals(body.force()), request.actor()), 200);
    }

    private AdminResponse delete(AdminRequest request) {
        ColumnId id = request.columnId();
        String reason = request.hasBody() ? request.body(DeleteBody.class).reason()
                : request.queryParam("reason").orElse(null);
        service.delete(id, reason, request.actor());
        return AdminResponse.ok(new Deleted(id));
    }

    private AdminResponse details(ColumnDetails details, int status) {
        return AdminResponse.json(status, ColumnViews.DetailsView.of(details, snapshotInForce()));
    }

    /** The version in force on this gateway (may trail the store for a moment on other gateways). */
    private Long snapshotInForce() {
        return feed == null ? null : feed.current().version();
    }

    static Phase phase(String text) {
        try {
            return Phase.parse(text);
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("bad_phase", e.getMessage());
        }
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ServiceException.badRequest("bad_body", "field '" + field + "' is required");
        }
        return value;
    }
}
