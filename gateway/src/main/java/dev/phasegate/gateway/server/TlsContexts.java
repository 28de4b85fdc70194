package dev.phasegate.gateway.server;

import dev.phasegate.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;

/** Builds the server-side TLS context from the PEM certificate chain and key in {@code tls}. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** The context, or {@code null} when TLS is not configured. */
    public static SslContext forServer(TlsConfig tls) {
        if (tls == null || !tls.enabled()) {
            return null;
        }
        try {
            return SslContextBuilder.forServer(tls.certificate().toFile(), tls.key().toFile())
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot use TLS certificate " + tls.certificate() + " with key " + tls.key()
                    + ": " + e.getMessage(), e);
        }
    }
}
