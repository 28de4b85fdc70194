package dev.phasegate.gateway.hook;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.Map;

/**
 * Who a session is, as its client announced itself.
 *
 * @param id                gateway-wide session number
 * @param startupParameters everything the StartupMessage carried (user, database, options, GUCs…)
 */
public record SessionInfo(long id, String user, String database, String applicationName,
                          SocketAddress clientAddress, Instant connectedAt, Map<String, String> startupParameters) {

    public SessionInfo {
        startupParameters = Map.copyOf(startupParameters);
    }
}
