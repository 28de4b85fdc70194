package dev.phasegate.gateway.session;

import java.net.SocketAddress;
import java.time.Instant;

/** One session as the admin API lists it. */
public record SessionSnapshot(long id, String user, String database, String applicationName,
                              SocketAddress clientAddress, Instant since, SessionState state, long statements,
                              String searchPath) {
}
