package dev.phasegate.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** TLS between clients and the gateway; disabled (SSLRequest answered 'N') when no certificate is set. */
public record TlsConfig(Path certificate, Path key) {

    public static final TlsConfig DISABLED = new TlsConfig(null, null);

    static TlsConfig from(ConfigSection s) {
        String cert = s.string("certificate", null);
        String key = s.string("key", null);
        s.finish();
        if (cert == null && key == null) {
            return DISABLED;
        }
        if (cert == null || key == null) {
            throw s.error(cert == null ? "certificate" : "key", "is required when tls."
                    + (cert == null ? "key" : "certificate") + " is set");
        }
        Path certPath = Path.of(cert);
        Path keyPath = Path.of(key);
        if (!Files.isReadable(certPath)) {
            throw s.error("certificate", "cannot read file '" + cert + "'");
        }
        if (!Files.isReadable(keyPath)) {
            throw s.error("key", "cannot read file '" + key + "'");
        }
        return new TlsConfig(certPath, keyPath);
    }

    public boolean enabled() {
        return certificate != null;
    }
}
