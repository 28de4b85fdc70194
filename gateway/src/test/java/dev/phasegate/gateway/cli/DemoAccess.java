package dev.phasegate.gateway.cli;

import dev.phasegate.config.HostPort;
import java.sql.SQLException;

/** Lets integration tests in another package start the demo the way {@code phasegate demo} does. */
public final class DemoAccess {

    private DemoAccess() {
    }

    public static AutoCloseable start(HostPort listen) throws SQLException {
        return DemoCommand.Demo.start(listen);
    }

    public static String jdbcUrl(AutoCloseable demo) {
        return ((DemoCommand.Demo) demo).jdbcUrl();
    }

    public static String psqlUrl(AutoCloseable demo) {
        return ((DemoCommand.Demo) demo).psqlUrl();
    }
}
