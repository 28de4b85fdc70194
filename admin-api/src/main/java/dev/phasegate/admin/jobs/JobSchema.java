package dev.phasegate.admin.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Applies {@code db/phasegate/V10__jobs.sql}, the jobs' tables in schema {@code phasegate}. The
 * control plane's migrator runs the same script in version order; this exists so the jobs can be
 * used (and tested) on their own. The script is idempotent.
 */
public final class JobSchema {

    /** Classpath location of the script, as the migrator finds it. */
    public static final String SCRIPT = "db/phasegate/V10__jobs.sql";

    private JobSchema() {
    }

    /** The script's text. */
    public static String script() {
        try (InputStream in = JobSchema.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + SCRIPT, e);
        }
    }

    /** Creates the tables if they are missing. Concurrent callers serialise on an advisory lock. */
    public static void ensure(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // Two gateways starting at once would otherwise race on CREATE TABLE IF NOT EXISTS.
                s.execute("SELECT pg_advisory_xact_lock(hashtext('phasegate.jobs schema'))");
                s.execute(script());
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw JobException.unavailable("could not create the phasegate job tables: " + e.getMessage(), e);
        }
    }
}
