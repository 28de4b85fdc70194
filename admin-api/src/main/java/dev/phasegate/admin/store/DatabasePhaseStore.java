package dev.phasegate.admin.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.config.UpstreamConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.config.guard.GuardRailResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The phase store in schema {@code phasegate} of the managed database, shared by every gateway
 * on it. Each change runs in one transaction that updates the column (optimistic lock on its
 * version), bumps the single-row global version, appends the history and sends
 * {@code NOTIFY phasegate_changes} — delivered to listeners only when the transaction commits.
 *
 * <p>Lock order in every writing transaction is "one column row, then the version row", so
 * concurrent changes serialise on the version row without deadlocks.
 */
public final class DatabasePhaseStore implements PhaseStore {

    /** The {@code LISTEN}/{@code NOTIFY} channel; the payload is the new global version. */
    public static final String CHANNEL = "phasegate_changes";

    private static final TypeReference<List<GuardRailResult>> GUARD_RAILS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ListenConnectionFactory listenConnections;
    private final Clock clock;
    private final String description;
    private final AutoCloseable owned;

    /** Opens a connection dedicated to {@code LISTEN} (outside any pool: it is held for good). */
    @FunctionalInterface
    public interface ListenConnectionFactory {
        Connection open() throws SQLException;
    }

    /**
     * A store over connections the caller provides; the caller migrates (see {@link SchemaMigrator})
     * and closes the data source.
     */
    public DatabasePhaseStore(DataSource dataSource, ListenConnectionFactory listenConnections, Clock clock,
                              String description) {
        this(dataSource, listenConnections, clock, description, null);
    }

    private DatabasePhaseStore(DataSource dataSource, ListenConnectionFactory listenConnections, Clock clock,
                               String description, AutoCloseable owned) {
        this.dataSource = dataSource;
        this.listenConnections = listenConnections;
        this.clock = clock;
        this.description = description;
        this.owned = owned;
    }

    /** Opens the store of the managed database named by the upstream config, migrating its schema. */
    public static DatabasePhaseStore open(UpstreamConfig upstream, Clock clock) {
        return open(upstream.jdbcUrl(), upstream.user(), upstream.password(), upstream.connectTimeout(), clock);
    }

    /**
     * Opens a small HikariCP pool on {@code jdbcUrl}, migrates schema {@code phasegate} and returns
     * a store that owns (and on {@link #close()} closes) the pool.
     *
     * @param connectTimeout how long to wait for a connection before the store counts as unavailable
     * @throws PhaseStoreException.Unavailable when the database cannot be reached or migrated
     */
    public static DatabasePhaseStore open(String jdbcUrl, String user, String password, Duration connectTimeout,
                                          Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("phasegate-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        long timeoutMs = Math.max(250, connectTimeout.toMillis());
        config.setConnectionTimeout(timeoutMs);
        config.setValidationTimeout(Math.max(250, Math.min(timeoutMs, 5000)));
        config.addDataSourceProperty("ApplicationName", "phasegate-store");
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
        // A store that stops answering must fail reads (the feed then reports not-ready), not hang them.
        config.addDataSourceProperty("socketTimeout", "30");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new PhaseStoreException.Unavailable("cannot connect to the phase store at " + jdbcUrl + ": "
                    + rootMessage(e), e);
        }
        try {
            new SchemaMigrator(pool).migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        ListenConnectionFactory listen = () -> {
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password == null ? "" : password);
            props.setProperty("ApplicationName", "phasegate-listen");
            props.setProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
            props.setProperty("tcpKeepAlive", "true");
            return DriverManager.getConnection(jdbcUrl, props);
        };
        return new DatabasePhaseStore(pool, listen, clock, "database " + jdbcUrl, pool);
    }

    /** The pool the store uses; jobs may use it for their own tables in schema {@code phasegate}. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public PhaseSnapshot load() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // One consistent view of version and columns.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                long version;
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT version FROM phasegate.store_version")) {
                    rs.next();
                    version = rs.getLong(1);
                }
                List<ManagedColumn> columns = new ArrayList<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery(SELECT_COLUMNS + " ORDER BY column_id")) {
                    while (rs.next()) {
                        columns.add(column(rs));
                    }
                }
                c.commit();
                return new PhaseSnapshot(version, columns);
            } finally {
                restore(c);
            }
        } catch (SQLException e) {
            throw unavailable("read the phase snapshot", e);
        }
    }

    @Override
    public long currentVersion() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM phasegate.store_version")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw unavailable("read the store version", e);
        }
    }

    @Override
    public Optional<ManagedColumn> find(ColumnId id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT_COLUMNS + " WHERE column_id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(column(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable("read column " + id, e);
        }
    }

    @Override
    public ManagedColumn register(ManagedColumn column, ChangeNote note) {
        ManagedColumn stored = new ManagedColumn(column.id(), column.type(), column.source(), column.up(),
                column.down(), column.defaultValue(), column.phase(), 1);
        return write("register " + column.id(), c -> {
            Instant now = now();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO phasegate.columns (column_id, schema_name, "
                    + "table_name, column_name, type, source, up, down, default_value, phase, version, "
                    + "phase_entered_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                ColumnId id = stored.id();
                ps.setString(1, id.toString());
                ps.setString(2, id.schema());
                ps.setString(3, id.table());
                ps.setString(4, id.column());
                ps.setString(5, stored.type());
                ps.setString(6, stored.source());
                ps.setString(7, stored.up());
                ps.setString(8, stored.down());
                ps.setString(9, stored.defaultValue());
                ps.setString(10, stored.phase().wireName());
                ps.setLong(11, stored.version());
                ps.setTimestamp(12, Timestamp.from(now));
                ps.setTimestamp(13, Timestamp.from(now));
                ps.setTimestamp(14, Timestamp.from(now));
                if (ps.executeUpdate() == 0) {
                    throw new PhaseStoreException.AlreadyExists(stored.id());
                }
            }
            long version = bumpVersion(c);
            appendHistory(c, new PhaseChange(stored.id(), PhaseChange.Kind.REGISTER, null, stored.phase(), now,
                    note.who(), note.reason(), note.forced(), note.guardRails(), stored.version(), version));
            notifyListeners(c, version);
            return stored;
        });
    }

    @Override
    public ManagedColumn changePhase(ColumnId id, long expectedVersion, Phase target, ChangeNote note) {
        return write("change the phase of " + id, c -> {
            ManagedColumn current = lockedColumn(c, id, expectedVersion);
            Instant now = now();
            ManagedColumn updated = current.withPhase(target);
            try (PreparedStatement ps = c.prepareStatement("UPDATE phasegate.columns SET phase = ?, version = ?, "
                    + "phase_entered_at = ?, updated_at = ? WHERE column_id = ?")) {
                ps.setString(1, target.wireName());
                ps.setLong(2, updated.version());
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setString(5, id.toString());
                ps.executeUpdate();
            }
            long version = bumpVersion(c);
            appendHistory(c, new PhaseChange(id, PhaseChange.Kind.of(current.phase(), target), current.phase(), target,
                    now, note.who(), note.reason(), note.forced(), note.guardRails(), updated.version(), version));
            notifyListeners(c, version);
            return updated;
        });
    }

    @Override
    public void delete(ColumnId id, long expectedVersion, ChangeNote note) {
        write("delete " + id, c -> {
            ManagedColumn current = lockedColumn(c, id, expectedVersion);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM phasegate.columns WHERE column_id = ?");
                 PreparedStatement facts = c.prepareStatement("DELETE FROM phasegate.column_facts WHERE column_id = ?")) {
                ps.setString(1, id.toString());
                ps.executeUpdate();
                facts.setString(1, id.toString());
                facts.executeUpdate();
            }
            long version = bumpVersion(c);
            appendHistory(c, new PhaseChange(id, PhaseChange.Kind.DELETE, current.phase(), current.phase(), now(),
                    note.who(), note.reason(), note.forced(), note.guardRails(), current.version() + 1, version));
            notifyListeners(c, version);
            return null;
        });
    }

    @Override
    public List<PhaseChange> history(ColumnId id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT kind, from_phase, to_phase, at, who, reason, forced, "
                     + "guard_rails::text, column_version, store_version FROM phasegate.phase_history "
                     + "WHERE column_id = ? ORDER BY id")) {
            ps.setString(1, id.toString());
            List<PhaseChange> changes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String from = rs.getString(2);
                    changes.add(new PhaseChange(id, PhaseChange.Kind.parse(rs.getString(1)),
                            from == null ? null : Phase.parse(from), Phase.parse(rs.getString(3)),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), rs.getBoolean(7),
                            AdminJson.mapper().readValue(rs.getString(8), GUARD_RAILS), rs.getLong(9), rs.getLong(10)));
                }
            }
            return changes;
        } catch (SQLException e) {
            throw unavailable("read the history of " + id, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable guard rails in the history of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void putFact(ColumnId id, String kind, JsonNode value) {
        write("record fact " + kind + " of " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO phasegate.column_facts (column_id, kind, value, "
                    + "updated_at) SELECT ?, ?, ?::jsonb, ? WHERE EXISTS (SELECT 1 FROM phasegate.columns "
                    + "WHERE column_id = ?) ON CONFLICT (column_id, kind) DO UPDATE SET value = excluded.value, "
                    + "updated_at = excluded.updated_at")) {
                ps.setString(1, id.toString());
                ps.setString(2, kind);
                ps.setString(3, AdminJson.mapper().writeValueAsString(value));
                ps.setTimestamp(4, Timestamp.from(now()));
                ps.setString(5, id.toString());
                if (ps.executeUpdate() == 0) {
                    throw new PhaseStoreException.UnknownColumn(id);
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("fact " + kind + " is not serialisable: " + e.getMessage(), e);
            }
            return null;
        });
    }

    @Override
    public Optional<StoredFact> fact(ColumnId id, String kind) {
        return Optional.ofNullable(readFacts(id, kind).get(kind));
    }

    @Override
    public Map<String, StoredFact> facts(ColumnId id) {
        return readFacts(id, null);
    }

    private Map<String, StoredFact> readFacts(ColumnId id, String onlyKind) {
        String sql = "SELECT kind, value::text, updated_at FROM phasegate.column_facts WHERE column_id = ?"
                + (onlyKind == null ? "" : " AND kind = ?") + " ORDER BY kind";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id.toString());
            if (onlyKind != null) {
                ps.setString(2, onlyKind);
            }
            Map<String, StoredFact> facts = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    facts.put(rs.getString(1), new StoredFact(rs.getString(1),
                            AdminJson.mapper().readTree(rs.getString(2)), rs.getTimestamp(3).toInstant()));
                }
            }
            return facts;
        } catch (SQLException e) {
            throw unavailable("read the facts of " + id, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable fact of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ChangeSignal openChangeSignal() {
        Connection c;
        try {
            c = listenConnections.open();
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            }
        } catch (SQLException e) {
            throw unavailable("listen for changes", e);
        }
        return new ListenSignal(c);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the phase store pool failed: " + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static final String SELECT_COLUMNS = "SELECT schema_name, table_name, column_name, type, source, up, down, "
            + "default_value, phase, version FROM phasegate.columns";

    private static ManagedColumn column(ResultSet rs) throws SQLException {
        return new ManagedColumn(new ColumnId(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), Phase.parse(rs.getString(9)),
                rs.getLong(10));
    }

    /** Locks the column row and checks the optimistic lock. */
    private static ManagedColumn lockedColumn(Connection c, ColumnId id, long expectedVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_COLUMNS + " WHERE column_id = ? FOR UPDATE")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new PhaseStoreException.UnknownColumn(id);
                }
                ManagedColumn current = column(rs);
                if (current.version() != expectedVersion) {
                    throw new PhaseStoreException.VersionConflict(id, expectedVersion, current.version());
                }
                return current;
            }
        }
    }

    private static long bumpVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("UPDATE phasegate.store_version SET version = version + 1 RETURNING version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void appendHistory(Connection c, PhaseChange change) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO phasegate.phase_history (column_id, kind, from_phase, "
                + "to_phase, at, who, reason, forced, guard_rails, column_version, store_version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            ps.setString(1, change.column().toString());
            ps.setString(2, change.kind().wireName());
            ps.setString(3, change.from() == null ? null : change.from().wireName());
            ps.setString(4, change.to().wireName());
            ps.setTimestamp(5, Timestamp.from(change.at()));
            ps.setString(6, change.who());
            ps.setString(7, change.reason());
            ps.setBoolean(8, change.forced());
            ps.setString(9, AdminJson.mapper().writeValueAsString(change.guardRails()));
            ps.setLong(10, change.columnVersion());
            ps.setLong(11, change.storeVersion());
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void notifyListeners(Connection c, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, Long.toString(version));
            ps.execute();
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T write(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restore(Connection c) throws SQLException {
        c.setReadOnly(false);
        c.setAutoCommit(true);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }

    /** PostgreSQL stores microseconds; truncating here makes stored and returned times identical. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static PhaseStoreException.Unavailable unavailable(String what, SQLException e) {
        return new PhaseStoreException.Unavailable("cannot " + what + " in the phase store: " + e.getMessage(), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** {@code LISTEN phasegate_changes} on a dedicated connection. */
    private static final class ListenSignal implements ChangeSignal {
        private final Connection connection;

        ListenSignal(Connection connection) {
            this.connection = connection;
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            try {
                PGNotification[] notifications = connection.unwrap(PGConnection.class)
                        .getNotifications((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
                return notifications != null && notifications.length > 0;
            } catch (SQLException e) {
                throw new PhaseStoreException.Unavailable("the LISTEN connection failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a broken connection; nothing left to release.
            }
        }
    }
}
