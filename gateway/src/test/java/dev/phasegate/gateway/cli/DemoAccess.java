package dev.phasegate.gateway.cli;

import dev.phasegate.config.HostPort;
import dev.phasegate.gateway.cli.demo.DemoTesting;

/** Lets integration tests in another package start the demo the way {@code phasegate demo} does. */
public final class DemoAccess {

    private DemoAccess() {
    }

    /** The demo with a five-row sample table, its admin API on any free port. */
    public static AutoCloseable start(HostPort listen) throws Exception {
        return DemoTesting.start(listen.toString(), "127.0.0.1:0", 5);
    }

    public static String jdbcUrl(AutoCloseable demo) {
        return DemoTesting.jdbcUrl(demo);
    }

    public static String psqlUrl(AutoCloseable demo) {
        return DemoTesting.psqlUrl(demo);
    }
}
