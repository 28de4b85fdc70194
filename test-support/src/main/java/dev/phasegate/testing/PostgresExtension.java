package dev.phasegate.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class its own freshly created database on the shared {@link TestPostgres}, so
 * tests never see each other's rows. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension PG = new PostgresExtension();
 *
 * @Test void works() throws Exception {
 *     try (Connection c = PG.connect()) { ... }
 * }
 * }</pre>
 *
 * The database is dropped after the class (with {@code FORCE}, so leftover sessions do not keep it).
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String[] setupSql;
    private TestPostgres server;
    private String database;

    /** @param setupSql statements run in the new database before the tests (schema, rows) */
    public PostgresExtension(String... setupSql) {
        this.setupSql = setupSql.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TestPostgres.get();
        String className = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "_");
        database = "t_" + className.substring(0, Math.min(40, className.length())) + "_"
                + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        server.admin("CREATE DATABASE " + database);
        if (setupSql.length > 0) {
            execute(setupSql);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (database != null) {
            server.admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    public TestPostgres server() {
        return requireStarted();
    }

    public String database() {
        requireStarted();
        return database;
    }

    public String host() {
        return requireStarted().host();
    }

    public int port() {
        return requireStarted().port();
    }

    /** A superuser login. */
    public String user() {
        return requireStarted().user();
    }

    public String password() {
        return requireStarted().password();
    }

    /** JDBC URL of this class's database, without credentials. */
    public String jdbcUrl() {
        return requireStarted().jdbcUrl(database);
    }

    /** A superuser connection to this class's database. */
    public Connection connect() throws SQLException {
        return requireStarted().connect(database);
    }

    /** Runs statements in this class's database as superuser, in order, autocommit. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in " + database + ": " + e.getMessage(), e);
        }
    }

    private TestPostgres requireStarted() {
        if (server == null) {
            throw new IllegalStateException("PostgresExtension is not started: register it as a static "
                    + "@RegisterExtension field so it runs before the tests");
        }
        return server;
    }
}
