package dev.phasegate.config;

import java.time.Duration;
import java.util.List;

/**
 * How statements are planned.
 *
 * @param searchPath        schemas unqualified table names resolve in, in order
 * @param onUnparsableWrite policy for writes the rewriter cannot handle (default reject)
 * @param onUnparsableRead  policy for reads the rewriter cannot handle (default pass)
 * @param planCacheSize     plans kept, keyed by statement text and snapshot version
 * @param catalogRefresh    how often the catalog of upstream columns is re-read (DDL through the
 *                          gateway also refreshes it)
 */
public record RewriterConfig(List<String> searchPath, UnparsablePolicy onUnparsableWrite,
                             UnparsablePolicy onUnparsableRead, int planCacheSize, Duration catalogRefresh) {

    public static final RewriterConfig DEFAULTS = new RewriterConfig(List.of("public"), UnparsablePolicy.REJECT,
            UnparsablePolicy.PASS, 10_000, Duration.ofMinutes(1));

    static RewriterConfig from(ConfigSection s) {
        RewriterConfig c = new RewriterConfig(
                s.strings("searchPath", DEFAULTS.searchPath()),
                s.enumeration("onUnparsableWrite", UnparsablePolicy.class, DEFAULTS.onUnparsableWrite()),
                s.enumeration("onUnparsableRead", UnparsablePolicy.class, DEFAULTS.onUnparsableRead()),
                s.integer("planCacheSize", DEFAULTS.planCacheSize(), 0, 10_000_000),
                s.duration("catalogRefresh", DEFAULTS.catalogRefresh()));
        s.finish();
        return c;
    }
}
