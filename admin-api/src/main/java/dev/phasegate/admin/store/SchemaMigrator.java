package dev.phasegate.admin.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates schema {@code phasegate} of the managed database at start.
 *
 * <p>Migrations are SQL scripts on the class path under {@code db/phasegate/}, listed in order in
 * {@code db/phasegate/index.txt} (class-path directories cannot be listed reliably inside a jar).
 * Each runs in its own transaction together with its row in {@code phasegate.schema_version}
 * (version, description, SHA-256 checksum), so a failed script leaves nothing half-applied.
 * Everything happens under a session-level advisory lock: two gateways starting together apply
 * each migration once, the second one waits and then finds nothing to do.
 *
 * <p>Idempotent: applied versions are skipped. A script whose text changed after it was applied is
 * an error (migrations are append-only); a database migrated further than this binary knows is
 * accepted with a warning (a rolling upgrade in progress).
 */
public final class SchemaMigrator {

    /** Key of the advisory lock held while migrating ("phasegat" in ASCII). */
    public static final long ADVISORY_LOCK_KEY = 0x7068617365676174L;
    public static final String SCHEMA = "phasegate";
    public static final String LOCATION = "db/phasegate/";
    public static final String INDEX = LOCATION + "index.txt";

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /** One script. */
    public record Migration(int version, String description, String resource, String sql, String checksum) {
    }

    /** What a run did. */
    public record Result(List<Integer> applied, int schemaVersion) {
        public Result {
            applied = List.copyOf(applied);
        }
    }

    private final DataSource dataSource;
    private final List<Migration> migrations;

    public SchemaMigrator(DataSource dataSource) {
        this(dataSource, classpathMigrations(SchemaMigrator.class.getClassLoader()));
    }

    public SchemaMigrator(DataSource dataSource, List<Migration> migrations) {
        this.dataSource = dataSource;
        this.migrations = List.copyOf(migrations);
        int last = 0;
        for (Migration m : this.migrations) {
            if (m.version() <= last) {
                throw new IllegalArgumentException("migrations must have strictly increasing versions: V" + m.version()
                        + " follows V" + last);
            }
            last = m.version();
        }
    }

    public List<Migration> migrations() {
        return migrations;
    }

    /** Reads {@code db/phasegate/index.txt} and the scripts it lists. */
    public static List<Migration> classpathMigrations(ClassLoader loader) {
        List<Migration> result = new ArrayList<>();
        for (String name : indexEntries(loader)) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException(INDEX + " lists '" + name + "', which is not named V<n>__<description>.sql");
            }
            String resource = LOCATION + name;
            String sql = String.join("\n", rawLines(loader, resource));
            result.add(new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), resource, sql,
                    sha256(sql)));
        }
        return result;
    }

    /**
     * Applies every migration not yet applied.
     *
     * @throws PhaseStoreException.Unavailable when the database cannot be reached or a script fails
     */
    public Result migrate() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // Bounded wait behind another gateway's migration, which takes milliseconds.
                s.execute("SET lock_timeout = '60s'");
                s.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK_KEY + ")");
            }
            try {
                return migrateLocked(c);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + ADVISORY_LOCK_KEY + ")");
                    s.execute("RESET lock_timeout");
                }
            }
        } catch (SQLException e) {
            throw new PhaseStoreException.Unavailable("could not migrate schema " + SCHEMA + ": " + e.getMessage(), e);
        }
    }

    private Result migrateLocked(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".schema_version ("
                    + "version integer PRIMARY KEY, description text NOT NULL, checksum text NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT current_user)");
        }
        Map<Integer, String> applied = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + SCHEMA + ".schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        List<Integer> done = new ArrayList<>();
        for (Migration m : migrations) {
            String checksum = applied.get(m.version());
            if (checksum != null) {
                if (!checksum.equals(m.checksum())) {
                    throw new PhaseStoreException.Unavailable("migration V" + m.version() + " (" + m.resource()
                            + ") was changed after it was applied to this database (checksum " + checksum
                            + ", now " + m.checksum() + "); migrations are append-only: restore it and add a new one", null);
                }
                continue;
            }
            apply(c, m);
            done.add(m.version());
        }
        int known = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        int highest = Math.max(known, applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0));
        if (highest > known) {
            log.warn("Schema {} is at version {}, newer than this gateway knows ({}); continuing (rolling upgrade?)",
                    SCHEMA, highest, known);
        }
        if (!done.isEmpty()) {
            log.info("Schema {} migrated to version {} (applied {})", SCHEMA, highest, done);
        }
        return new Result(done, highest);
    }

    private static void apply(Connection c, Migration m) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute(m.sql());
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + SCHEMA + ".schema_version (version, description, checksum) VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setString(3, m.checksum());
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("migration V" + m.version() + " (" + m.resource() + ") failed: " + e.getMessage(),
                    e.getSQLState(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static List<String> indexEntries(ClassLoader loader) {
        List<String> lines = new ArrayList<>();
        for (String line : rawLines(loader, INDEX)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                lines.add(trimmed);
            }
        }
        return lines;
    }

    private static List<String> rawLines(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + resource + " is not on the class path");
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
