package dev.phasegate.testing;

import dev.phasegate.localpg.LocalPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL server a test JVM uses, found or started once:
 * <ol>
 *   <li>{@code PHASEGATE_TEST_PG_URL} (a JDBC URL with {@code user} and {@code password}
 *       parameters; must be a superuser login) if set;</li>
 *   <li>otherwise Testcontainers ({@code postgres:16-alpine}) when a Docker engine answers;</li>
 *   <li>otherwise a {@link LocalPostgres} from the machine's binaries, stopped when the JVM exits.</li>
 * </ol>
 * The log says which one was used.
 */
public final class TestPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static volatile TestPostgres instance;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;
    private final String origin;
    private final LocalPostgres local;

    private TestPostgres(String host, int port, String user, String password, String adminDatabase, String origin,
                         LocalPostgres local) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
        this.origin = origin;
        this.local = local;
    }

    /** The shared server, started on first use. */
    public static TestPostgres get() {
        TestPostgres current = instance;
        if (current == null) {
            synchronized (TestPostgres.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    private static TestPostgres start() {
        String url = System.getenv("PHASEGATE_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            TestPostgres fromUrl = fromJdbcUrl(url);
            log.info("Test PostgreSQL: using PHASEGATE_TEST_PG_URL ({}:{})", fromUrl.host, fromUrl.port);
            return fromUrl;
        }
        Optional<TestPostgres> container = TestcontainersPostgres.startIfDockerAnswers();
        if (container.isPresent()) {
            log.info("Test PostgreSQL: Testcontainers postgres:16-alpine on {}:{}", container.get().host,
                    container.get().port);
            return container.get();
        }
        LocalPostgres local = LocalPostgres.start();
        log.info("Test PostgreSQL: local PostgreSQL {} from {} on {}:{}", local.majorVersion(), local.binDir(),
                local.host(), local.port());
        return new TestPostgres(local.host(), local.port(), local.superuser(), "", "postgres", "local", local);
    }

    static TestPostgres of(String host, int port, String user, String password, String origin) {
        return new TestPostgres(host, port, user, password, "postgres", origin, null);
    }

    private static TestPostgres fromJdbcUrl(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("PHASEGATE_TEST_PG_URL must be a jdbc:postgresql:// URL, got " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String user = "postgres";
        String password = "";
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String key = pair.substring(0, eq);
                String value = java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                if (key.equals("user")) {
                    user = value;
                } else if (key.equals("password")) {
                    password = value;
                }
            }
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new TestPostgres(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, db,
                "PHASEGATE_TEST_PG_URL", null);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A superuser login. */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Where the server came from: {@code local}, {@code testcontainers} or {@code PHASEGATE_TEST_PG_URL}. */
    public String origin() {
        return origin;
    }

    /** The local server, when that is what runs (gives access to its binaries such as pgbench). */
    public Optional<LocalPostgres> local() {
        return Optional.ofNullable(local);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Runs statements as superuser in the maintenance database (CREATE DATABASE, CREATE ROLE…). */
    public void admin(String... sql) {
        try (Connection c = connect(adminDatabase); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("admin SQL failed: " + e.getMessage(), e);
        }
    }
}
