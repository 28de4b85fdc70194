package dev.phasegate.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where phase state lives. {@code database} (default): tables in schema {@code phasegate} of the
 * managed database, shared by every gateway on it. {@code file}: one JSON file, for the demo.
 */
public record StoreConfig(Kind kind, Path file, Duration pollInterval) {

    public enum Kind { DATABASE, FILE }

    static StoreConfig from(ConfigSection s) {
        Kind kind = s.enumeration("type", Kind.class, Kind.DATABASE);
        String file = s.string("file", null);
        Duration poll = s.duration("pollInterval", Duration.ofMillis(500));
        s.finish();
        if (kind == Kind.FILE && file == null) {
            throw s.error("file", "is required when store.type is file");
        }
        return new StoreConfig(kind, file == null ? null : Path.of(file), poll);
    }
}
