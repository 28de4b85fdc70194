package dev.phasegate.admin.http;

import dev.phasegate.admin.service.SessionDirectory;
import java.util.List;

/** {@code GET /api/v1/sessions}: the clients connected to this gateway. */
final class SessionsResource {

    private final SessionDirectory directory;

    SessionsResource(SessionDirectory directory) {
        this.directory = directory;
    }

    record SessionList(List<SessionDirectory.ClientSession> sessions, int count) {
    }

    List<Route> routes() {
        return List.of(Route.get("/api/v1/sessions", request -> {
            List<SessionDirectory.ClientSession> sessions = directory.sessions();
            return AdminResponse.ok(new SessionList(sessions, sessions.size()));
        }));
    }
}
