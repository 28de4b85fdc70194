package dev.phasegate.gateway.cli.demo;

import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.gateway.runtime.PhasegateRuntime;
import dev.phasegate.localpg.LocalPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Everything the demo runs, in one process: a throwaway PostgreSQL from the machine's binaries
 * (root-safe), the sample database {@code demo} with a {@code users} table whose new column
 * {@code email_normalized} was added upstream and is declared managed, and a whole Phasegate
 * ({@link PhasegateRuntime}: gateway, rewriter, admin API, jobs) with a file phase store in a
 * temporary directory. {@link #close()} stops it all and removes the directory.
 */
final class DemoEnvironment implements AutoCloseable {

    static final String DATABASE = "demo";
    static final String USER = "demo";
    static final String PASSWORD = "demo";
    static final String COLUMN = "public.users.email_normalized";
    static final String TYPE = "text";
    static final String SOURCE = "email";
    static final String UP = "lower(email)";
    static final String DOWN = "email_normalized";
    /** Guard-rail windows short enough to watch (production defaults: 10m and 1,000 reads). */
    static final Duration SHADOW_WINDOW = Duration.ofSeconds(5);
    static final int SHADOW_MIN_READS = 20;

    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret",
        "Ken", "Dennis", "Frances", "John", "Radia", "Tony", "Leslie", "Niklaus", "Adele", "Guido", "Linus"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth",
        "Hamilton", "Thompson", "Ritchie", "Allen", "McCarthy", "Perlman", "Hoare", "Lamport", "Wirth", "Goldberg"};
    private static final String[] DOMAINS = {"Example.COM", "example.com", "Example.org", "MAIL.example.net"};

    private final LocalPostgres postgres;
    private final Path dir;
    private final PhasegateRuntime runtime;
    private final int rows;

    private DemoEnvironment(LocalPostgres postgres, Path dir, PhasegateRuntime runtime, int rows) {
        this.postgres = postgres;
        this.dir = dir;
        this.runtime = runtime;
        this.rows = rows;
    }

    /**
     * Starts PostgreSQL, creates the sample database, and starts Phasegate in front of it.
     *
     * @param listen      the gateway's {@code host:port} (port 0: any free one)
     * @param adminListen the admin API's {@code host:port}
     * @param rows        users to create
     */
    static DemoEnvironment start(String listen, String adminListen, int rows) throws IOException, SQLException {
        LocalPostgres postgres = LocalPostgres.start();
        Path dir = null;
        try {
            createSampleDatabase(postgres, rows);
            dir = Files.createTempDirectory("phasegate-demo-");
            PhasegateConfig config = config(postgres, dir, listen, adminListen);
            PhasegateRuntime runtime = PhasegateRuntime.builder(config).gatewayId("demo")
                    .announceGeneratedToken(token -> { }) // printed by the demo itself
                    .shutdownGrace(Duration.ofSeconds(2)).start();
            return new DemoEnvironment(postgres, dir, runtime, rows);
        } catch (IOException | SQLException | RuntimeException e) {
            postgres.close();
            deleteQuietly(dir);
            throw e;
        }
    }

    static PhasegateConfig config(LocalPostgres postgres, Path dir, String listen, String adminListen) {
        String yaml = """
                listen: "%s"
                upstream: {host: "%s", port: %d, database: %s, user: %s, password: ""}
                admin: {listen: "%s"}
                store: {type: file, file: "%s"}
                audit: {file: "%s"}
                backfill: {batchSize: 50}
                guardRails: {shadowWindow: %ds, shadowMinReads: %d}
                columns:
                  - {id: %s, type: %s, source: %s, up: "%s", down: %s}
                """.formatted(listen, postgres.host(), postgres.port(), DATABASE, postgres.superuser(), adminListen,
                dir.resolve("phases.json"), dir.resolve("audit.jsonl"), SHADOW_WINDOW.toSeconds(), SHADOW_MIN_READS,
                COLUMN, TYPE, SOURCE, UP, DOWN);
        return ConfigLoader.parse(yaml, "(demo configuration)", Map.of());
    }

    /** Role and database {@code demo}; {@code users} with {@code rows} rows and the new column added upstream. */
    static void createSampleDatabase(LocalPostgres postgres, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.superuser(), "");
             Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(DATABASE), USER, PASSWORD)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (email) VALUES (?)")) {
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, sampleEmail(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute(addColumnSql());
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE users"); // the jobs' progress estimates come from the planner's statistics
            }
        }
    }

    /** The DDL that added the new column upstream, before the gateway manages it. */
    static String addColumnSql() {
        return "ALTER TABLE users ADD COLUMN email_normalized " + TYPE;
    }

    /** A mixed-case address, so that lower() visibly changes it. */
    static String sampleEmail(int i) {
        String first = FIRST[i % FIRST.length];
        String last = LAST[(i / FIRST.length) % LAST.length];
        String domain = DOMAINS[i % DOMAINS.length];
        int n = i / (FIRST.length * LAST.length);
        return first + "." + last + (n == 0 ? "" : Integer.toString(n)) + "@" + domain;
    }

    PhasegateRuntime runtime() {
        return runtime;
    }

    LocalPostgres postgres() {
        return postgres;
    }

    int rows() {
        return rows;
    }

    Path directory() {
        return dir;
    }

    InetSocketAddress gatewayAddress() {
        return runtime.listenAddress();
    }

    String gatewayHost() {
        return gatewayAddress().getAddress().getHostAddress();
    }

    /** JDBC URL of the demo database through the gateway. */
    String gatewayJdbcUrl() {
        return "jdbc:postgresql://" + gatewayHost() + ":" + gatewayAddress().getPort() + "/" + DATABASE;
    }

    /** A connection through the gateway as the application's role. */
    Connection connectThroughGateway(String applicationName) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(gatewayJdbcUrl(), p);
    }

    /** A connection straight to PostgreSQL (bypassing the gateway), as superuser: what the table really holds. */
    Connection connectUpstream() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), postgres.superuser(), "");
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            postgres.close();
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory left behind is not worth failing the demo for
        }
    }
}
