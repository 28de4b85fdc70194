package dev.phasegate.gateway.cli.demo;

/** Starts the demo's environment for tests outside this package, without exposing its type. */
public final class DemoTesting {

    private DemoTesting() {
    }

    /** The embedded PostgreSQL, the sample database with {@code rows} users, and Phasegate in front. */
    public static AutoCloseable start(String listen, String adminListen, int rows) throws Exception {
        return DemoEnvironment.start(listen, adminListen, rows);
    }

    /** The JDBC URL through the gateway, with the application's credentials. */
    public static String jdbcUrl(AutoCloseable demo) {
        return ((DemoEnvironment) demo).gatewayJdbcUrl() + "?user=" + DemoEnvironment.USER + "&password="
                + DemoEnvironment.PASSWORD;
    }

    /** The psql connection string through the gateway. */
    public static String psqlUrl(AutoCloseable demo) {
        DemoEnvironment env = (DemoEnvironment) demo;
        return "postgresql://" + DemoEnvironment.USER + ":" + DemoEnvironment.PASSWORD + "@" + env.gatewayHost() + ":"
                + env.gatewayAddress().getPort() + "/" + DemoEnvironment.DATABASE;
    }
}
