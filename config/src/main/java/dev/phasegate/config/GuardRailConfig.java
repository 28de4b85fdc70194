package dev.phasegate.config;

import java.time.Duration;

/**
 * Windows the guard rails look back over.
 *
 * @param shadowWindow   entering {@code read} needs no shadow mismatch for this long ...
 * @param shadowMinReads ... and over at least this many shadowed reads, whichever is later
 * @param auditWindow    entering {@code contract}/{@code complete} needs no reference to the
 *                       source in the audit over this window
 */
public record GuardRailConfig(Duration shadowWindow, int shadowMinReads, Duration auditWindow) {

    static GuardRailConfig from(ConfigSection s) {
        GuardRailConfig c = new GuardRailConfig(
                s.duration("shadowWindow", Duration.ofMinutes(10)),
                s.integer("shadowMinReads", 1000, 0, Integer.MAX_VALUE),
                s.duration("auditWindow", Duration.ofMinutes(10)));
        s.finish();
        return c;
    }
}
