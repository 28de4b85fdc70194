package dev.phasegate.gateway.session;

import java.net.SocketAddress;
import java.time.Instant;

/**
 * One session as the admin API lists it.
 *
 * @param relayed whether its bytes move on the gateway's own relay ({@link Relay}) rather than Netty's channels
 */
public record SessionSnapshot(long id, String user, String database, String applicationName,
                              SocketAddress clientAddress, Instant since, SessionState state, long statements,
                              String searchPath, boolean relayed) {
}
