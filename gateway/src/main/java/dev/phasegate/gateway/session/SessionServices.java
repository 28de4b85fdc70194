package dev.phasegate.gateway.session;

import dev.phasegate.gateway.hook.QueryHook;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;

/**
 * What every session of one gateway shares, passed in rather than looked up.
 *
 * @param maxFrameBytes  largest client message accepted ({@code proxy.maxFrameBytes})
 * @param tls            TLS towards clients, or {@code null} (SSLRequest answered 'N')
 * @param startupTimeout how long a new connection may take to send its StartupMessage
 * @param relay          move logged-in sessions to the gateway's own relay where the transport allows
 *                       ({@code proxy.relay}; see {@link Relay})
 */
public record SessionServices(long maxFrameBytes, SslContext tls, QueryHook hook, UpstreamConnector connector,
                              CancelRegistry cancels, SessionRegistry sessions, Duration startupTimeout,
                              boolean relay) {
}
