package dev.phasegate.gateway.cli;

import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.HostPort;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.config.UpstreamConfig;
import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.server.Gateway;
import dev.phasegate.localpg.LocalPostgres;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phasegate demo}: a throwaway PostgreSQL with a sample database, and the gateway in front
 * of it, until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded PostgreSQL with a sample 'demo' database and the gateway in front of it.")
public final class DemoCommand implements Callable<Integer> {

    static final String DATABASE = "demo";
    static final String USER = "demo";
    static final String PASSWORD = "demo";

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:6543",
            description = "Address the gateway listens on (default: ${DEFAULT-VALUE}).")
    String listen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting an embedded PostgreSQL…");
        out.flush();
        Demo demo;
        try {
            demo = Demo.start(HostPort.parse(listen));
        } catch (RuntimeException | SQLException e) {
            System.err.println("phasegate demo: cannot start: " + e.getMessage());
            return 1;
        }
        out.printf("%nPhasegate demo is running. PostgreSQL %d on port %d, the gateway in front of it on %s.%n%n",
                demo.postgres().majorVersion(), demo.postgres().port(), demo.hostPort());
        out.printf("  psql:  psql \"%s\" -c 'SELECT * FROM users'%n", demo.psqlUrl());
        out.printf("  JDBC:  %s%n", demo.jdbcUrl());
        out.printf("%nPress Ctrl-C to stop.%n");
        out.flush();
        ServeCommand.runUntilSignalled(demo::close);
        return 0;
    }

    /** A running demo: the embedded PostgreSQL with its sample database, and the gateway in front. */
    record Demo(LocalPostgres postgres, Gateway gateway) implements AutoCloseable {

        static Demo start(HostPort listen) throws SQLException {
            LocalPostgres postgres = LocalPostgres.start();
            try {
                createSampleDatabase(postgres);
                PhasegateConfig config = ConfigLoader.defaults()
                        .withListen(listen)
                        .withUpstream(new UpstreamConfig(postgres.host(), postgres.port(), DATABASE,
                                postgres.superuser(), "", Duration.ofSeconds(5)));
                return new Demo(postgres, Gateway.start(config, QueryHook.PASS_THROUGH));
            } catch (RuntimeException | SQLException e) {
                postgres.close();
                throw e;
            }
        }

        String hostPort() {
            return gateway.address().getAddress().getHostAddress() + ":" + gateway.address().getPort();
        }

        String psqlUrl() {
            return "postgresql://" + USER + ":" + PASSWORD + "@" + hostPort() + "/" + DATABASE;
        }

        String jdbcUrl() {
            return "jdbc:postgresql://" + hostPort() + "/" + DATABASE + "?user=" + USER + "&password=" + PASSWORD;
        }

        /** Stops the gateway (sessions get five seconds), then PostgreSQL. */
        @Override
        public void close() {
            try {
                gateway.shutdown(Duration.ofSeconds(5));
            } finally {
                postgres.close();
            }
        }
    }

    static void createSampleDatabase(LocalPostgres postgres) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.superuser(), "");
             Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(DATABASE), USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                    + "email text NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
            s.execute("INSERT INTO users (email, name) VALUES "
                    + "('Ada.Lovelace@Example.com', 'Ada Lovelace'), ('alan.turing@example.com', 'Alan Turing'), "
                    + "('Grace.Hopper@Example.COM', 'Grace Hopper'), ('edsger@example.nl', 'Edsger Dijkstra'), "
                    + "('Barbara.Liskov@example.com', 'Barbara Liskov')");
        }
    }
}
