package dev.phasegate.admin.service;

import java.time.Instant;
import java.util.List;

/** The client sessions connected to this gateway; implemented by the gateway for {@code GET /api/v1/sessions}. */
@FunctionalInterface
public interface SessionDirectory {

    /** Connected sessions now, in any order; called off the event loop. */
    List<ClientSession> sessions();

    /** Until the gateway wires its sessions. */
    SessionDirectory NONE = List::of;

    /**
     * One connected client.
     *
     * @param user            PostgreSQL user from the startup message
     * @param database        database from the startup message
     * @param applicationName {@code application_name}, or {@code null}
     * @param address         client {@code host:port}
     * @param since           when it connected
     * @param statements      statements it has sent
     * @param searchPath      the schemas its unqualified table names resolve through, as the gateway
     *                        follows them, or {@code null} when it does not
     * @param relayed         whether its bytes move on the gateway's own io_uring relay (after the
     *                        login, without TLS, {@code proxy.relay}) rather than through Netty's channels
     */
    record ClientSession(String user, String database, String applicationName, String address, Instant since,
                         long statements, String searchPath, boolean relayed) {
    }
}
