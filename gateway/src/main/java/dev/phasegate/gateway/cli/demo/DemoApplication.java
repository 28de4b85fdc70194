package dev.phasegate.gateway.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "application" of the walkthrough: plain JDBC through the gateway, the same four statements
 * in every phase, never changed. PgJDBC prepares them on the server after a few executions, so a
 * phase flip meets server-prepared statements too; the gateway then answers a statement prepared
 * under an older phase once with SQLSTATE 0A000 ("cached plan must not change result type"), which
 * an application retries, as it would after a schema change.
 */
final class DemoApplication implements AutoCloseable {

    /** One of the application's statements: as PostgreSQL sees it ({@code $n}) and as JDBC writes it ({@code ?}). */
    record AppStatement(String label, String sql) {
        String jdbc() {
            return sql.replaceAll("\\$\\d+", "?");
        }
    }

    static final AppStatement INSERT = new AppStatement("Q1", "INSERT INTO users (email) VALUES ($1)");
    static final AppStatement UPDATE = new AppStatement("Q2", "UPDATE users SET email = $1 WHERE id = $2");
    static final AppStatement SELECT_ONE = new AppStatement("Q3", "SELECT * FROM users WHERE id = $1");
    static final AppStatement LATEST = new AppStatement("Q4",
            "SELECT id, email, email_normalized FROM users ORDER BY id DESC LIMIT 3");
    static final List<AppStatement> STATEMENTS = List.of(INSERT, UPDATE, SELECT_ONE, LATEST);

    /** What a statement returned: an update count, or columns and rows. */
    record Outcome(long updateCount, List<String> columns, List<List<String>> rows) {
        static Outcome count(long n) {
            return new Outcome(n, List.of(), List.of());
        }
    }

    private final Connection connection;
    private final AtomicLong executed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    DemoApplication(Connection connection) {
        this.connection = connection;
    }

    Outcome insert(String email) throws SQLException {
        return run(INSERT, email);
    }

    Outcome update(long id, String email) throws SQLException {
        return run(UPDATE, email, id);
    }

    Outcome selectOne(long id) throws SQLException {
        return run(SELECT_ONE, id);
    }

    Outcome latest() throws SQLException {
        return run(LATEST);
    }

    long executed() {
        return executed.get();
    }

    /** Statements that met the one-time 0A000 after a flip and succeeded on retry. */
    long retried() {
        return retried.get();
    }

    private Outcome run(AppStatement statement, Object... parameters) throws SQLException {
        try {
            return execute(statement, parameters);
        } catch (SQLException e) {
            if (!"0A000".equals(e.getSQLState())) {
                throw e;
            }
            retried.incrementAndGet();
            return execute(statement, parameters);
        }
    }

    private Outcome execute(AppStatement statement, Object... parameters) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(statement.jdbc())) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            executed.incrementAndGet();
            if (!ps.execute()) {
                return Outcome.count(ps.getUpdateCount());
            }
            try (ResultSet rs = ps.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        String value = rs.getString(i);
                        row.add(value == null ? "NULL" : value);
                    }
                    rows.add(row);
                }
                return new Outcome(-1, columns, rows);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
