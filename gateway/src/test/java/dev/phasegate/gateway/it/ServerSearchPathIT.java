package dev.phasegate.gateway.it;

import static dev.phasegate.gateway.it.Eventually.assertThatEventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasegate.testing.PostgresExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search_path only the server knows: a role's default, a value set from a parameter, a change
 * made while no column was under management. The gateway asks the server before the request that
 * needs it, so an unqualified name is the table PostgreSQL finds: {@code tenant_a.tenant_t} is
 * managed ({@code email_normalized} hidden), {@code tenant_b.tenant_t} is not, and no
 * {@code public.tenant_t} exists (the gateway's configured path), so a wrong guess shows.
 */
class ServerSearchPathIT {

    private static final String TABLE = "(id bigint PRIMARY KEY, email text NOT NULL, name text, "
            + "email_normalized text)";
    private static final String ROWS = " VALUES (1, 'Ada@Example.com', 'ada', 'ada@example.com')";
    private static final List<String> HIDDEN = List.of("id", "email", "name");
    private static final List<String> ALL = List.of("id", "email", "name", "email_normalized");
    private static final String ROLE = "phasegate_tenant_app";

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE SCHEMA tenant_a", "CREATE TABLE tenant_a.tenant_t " + TABLE, "INSERT INTO tenant_a.tenant_t" + ROWS,
            "CREATE SCHEMA tenant_b", "CREATE TABLE tenant_b.tenant_t " + TABLE, "INSERT INTO tenant_b.tenant_t" + ROWS);

    static TestRuntime gateway;
    /** Opened, and its path changed, while nothing was managed yet. */
    static Connection early;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestRuntime.start(PG, "gw-server-search-path", "");
        early = gateway.connect();
        try (Statement s = early.createStatement()) {
            s.execute("SET search_path TO tenant_a");
            assertThat(columns(s)).as("nothing managed yet").isEqualTo(ALL);
            s.execute("PREPARE early_star AS SELECT * FROM tenant_t WHERE id = 1");
            s.execute("PREPARE early_named AS SELECT id, email FROM tenant_t WHERE id = 1");
        }
        gateway.admin.register(new ObjectMapper().readTree("""
                {"id": "tenant_a.tenant_t.email_normalized", "type": "text", "source": "email",
                 "up": "lower(email)", "down": "email_normalized", "reason": "test"}"""));
        assertThatEventually(() -> {
            try (Connection c = gateway.connect("currentSchema", "tenant_a"); Statement s = c.createStatement()) {
                assertThat(columns(s)).as("the gateway manages the column").isEqualTo(HIDDEN);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
    }

    @AfterAll
    static void stop() throws SQLException {
        if (early != null) {
            early.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** The columns {@code SELECT *} from the unqualified {@code tenant_t} returns. */
    private static List<String> columns(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT * FROM tenant_t WHERE id = 1")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnName(i));
            }
            return names;
        }
    }

    /**
     * A session whose requests went by uninspected while nothing was managed: once a column is,
     * the server is asked the search_path it set meanwhile and the SQL-level prepared statements it
     * made. The server still holds their text as written, so one whose rewrite now differs is
     * refused until it is prepared again, and one the rewrite leaves alone runs.
     */
    @Test
    void whatASessionDidWhileNothingWasManagedIsAskedOnceAColumnIs() throws Exception {
        try (Statement s = early.createStatement()) {
            assertThat(columns(s)).as("the path it set while unseen").isEqualTo(HIDDEN);
            assertThatThrownBy(() -> s.executeQuery("EXECUTE early_star").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains("early_star").contains("DEALLOCATE it and PREPARE it again");
                    });
            try (ResultSet rs = s.executeQuery("EXECUTE early_named")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("email")).isEqualTo("Ada@Example.com");
            }
            s.execute("DEALLOCATE early_star");
            s.execute("PREPARE early_star AS SELECT * FROM tenant_t WHERE id = 1");
            try (ResultSet rs = s.executeQuery("EXECUTE early_star")) {
                assertThat(rs.getMetaData().getColumnCount()).as("prepared again: rewritten").isEqualTo(HIDDEN.size());
            }
            s.execute("SET search_path TO tenant_b");
            assertThat(columns(s)).as("followed from here on").isEqualTo(ALL);
        }
    }

    /** {@code ALTER ROLE … SET search_path}: the path a session starts with when its client sets none. */
    @Test
    void aRolesDefaultSearchPathDecidesWhichTableAnUnqualifiedNameIs() throws Exception {
        try (Connection c = PG.connect(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN PASSWORD 'tenant'; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("ALTER ROLE " + ROLE + " IN DATABASE " + PG.database() + " SET search_path = tenant_a, public");
            s.execute("GRANT USAGE ON SCHEMA tenant_a, tenant_b TO " + ROLE);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA tenant_a, tenant_b TO " + ROLE);
        } catch (SQLException e) {
            // A server of the developer's own (PHASEGATE_TEST_PG_URL) may not let the test create roles.
            assumeTrue(!"42501".equals(e.getSQLState()), "needs a login that may create roles: " + e.getMessage());
            throw e;
        }
        for (String mode : List.of("extended", "simple")) {
            try (Connection c = gateway.connect("user", ROLE, "password", "tenant", "preferQueryMode", mode);
                 Statement s = c.createStatement()) {
                assertThat(columns(s)).as(mode + ": the role's default").isEqualTo(HIDDEN);
                assertThat(gateway.admin.sessions().get("sessions")).filteredOn(n -> n.get("user").asText().equals(ROLE))
                        .singleElement().extracting(n -> n.get("searchPath").asText())
                        .as("what GET /api/v1/sessions shows").isEqualTo("tenant_a, public");
                s.execute("SET search_path TO tenant_b");
                assertThat(columns(s)).as(mode).isEqualTo(ALL);
                s.execute("RESET search_path");
                assertThat(columns(s)).as(mode + ": RESET goes back to the role's default").isEqualTo(HIDDEN);
            }
        }
        assertThat(gateway.runtime.controlPlane().metrics().scrape())
                .containsPattern("phasegate_search_path_questions_total\\{outcome=\"answered\"} [1-9]");
    }

    /**
     * A path set from a parameter of {@code set_config} (or any expression) cannot be read from the
     * statement: the server is asked before the next request. Inside a transaction block it is not
     * (a query of the gateway's would take the block's snapshot), so a statement that may use a
     * managed table is refused until the block ends.
     */
    @Test
    void aSearchPathSetFromAParameterIsAskedOfTheServer() throws Exception {
        try (Connection c = gateway.connect("currentSchema", "tenant_b"); Statement s = c.createStatement()) {
            assertThat(columns(s)).isEqualTo(ALL);
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ?, false)")) {
                ps.setString(1, "tenant_a");
                ps.execute();
                assertThat(columns(s)).isEqualTo(HIDDEN);

                c.setAutoCommit(false);
                ps.setString(1, "tenant_b");
                ps.execute();
                assertThatThrownBy(() -> columns(s)).as("in the block").isInstanceOfSatisfying(SQLException.class,
                        e -> {
                            assertThat(e.getSQLState()).isEqualTo("0A000");
                            assertThat(e.getMessage()).contains("cannot tell which schemas");
                        });
                c.rollback();
                assertThat(columns(s)).as("rolled back to what the server said before").isEqualTo(HIDDEN);
                ps.setString(1, "tenant_b");
                ps.execute();
                c.commit();
                c.setAutoCommit(true);
                assertThat(columns(s)).as("committed, then asked").isEqualTo(ALL);
            }
        }
    }

    /**
     * The gateway asks nothing inside a transaction block: a query of its own there would take the
     * block's snapshot, and {@code SET TRANSACTION ISOLATION LEVEL} (or {@code SET TRANSACTION
     * SNAPSHOT}, as pg_dump's workers send) after it would fail. It asks once the block has ended.
     */
    @Test
    void nothingIsAskedInsideATransactionBlock() throws Exception {
        try (WireClient client = new WireClient(gateway.port())) {
            client.login(PG.user(), PG.database());
            // Pipelined: the path is still unknown when the block begins.
            client.send(concat(WireClient.query("SELECT set_config('search_path', 'tenant_' || 'a', false)"),
                    WireClient.query("BEGIN")));
            assertThat(errorsUntilReady(client, 2)).isEmpty();
            client.send(WireClient.query("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
            assertThat(errorsUntilReady(client, 1)).as("no query of the gateway's ran in the block").isEmpty();
            client.send(WireClient.query("COMMIT"));
            assertThat(errorsUntilReady(client, 1)).isEmpty();
            assertThat(tenantFieldCount(client)).as("asked after the block").isEqualTo(HIDDEN.size());
        }
    }

    /**
     * pg_dump's parallel workers open their transaction with {@code SET TRANSACTION SNAPSHOT}, which
     * must come before any query in it: a dump through the gateway, a column managed, completes.
     */
    @Test
    void aParallelPgDumpRunsThroughTheGateway(@TempDir Path dir) throws Exception {
        Path pgDump = PG.server().local().map(l -> l.tool("pg_dump")).filter(Files::isExecutable)
                .orElseGet(() -> Path.of("/usr/bin/pg_dump"));
        assumeTrue(Files.isExecutable(pgDump), "pg_dump is not installed here: skipping this check");
        Path out = dir.resolve("dump");
        ProcessBuilder dump = new ProcessBuilder(pgDump.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(gateway.port()), "-U", PG.user(), "-d", PG.database(), "-j", "2", "-F", "d", "-f",
                out.toString(), "-n", "tenant_a", "-n", "tenant_b").redirectErrorStream(true);
        dump.environment().put("PGPASSWORD", PG.password());
        Process p = dump.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.matches("\\d+\\.dat(\\.gz)?")))
                    .as("one data file per table").hasSize(2);
        }
    }

    /** The errors (summaries) until the {@code readies}-th ReadyForQuery. */
    private static List<String> errorsUntilReady(WireClient client, int readies) throws IOException {
        List<String> errors = new ArrayList<>();
        for (int ready = 0; ready < readies; ) {
            WireClient.Message m = client.next();
            if (m.type() == 'E') {
                errors.add(m.errorSummary());
            } else if (m.type() == 'Z') {
                ready++;
            }
        }
        return errors;
    }

    /** How many columns {@code SELECT *} from the unqualified {@code tenant_t} returns, over the wire. */
    private static int tenantFieldCount(WireClient client) throws IOException {
        client.send(WireClient.query("SELECT * FROM tenant_t WHERE id = 1"));
        int fields = -1;
        for (WireClient.Message m = client.next(); m.type() != 'Z'; m = client.next()) {
            assertThat(m.type()).as(m.errorSummary()).isNotEqualTo('E');
            if (m.type() == 'T') {
                fields = ((m.body()[0] & 0xff) << 8) | (m.body()[1] & 0xff);
            }
        }
        return fields;
    }

    /**
     * A {@code DO} block that mentions the path, and an update of {@code pg_settings}, run code the
     * gateway cannot read: the server is asked what they left.
     */
    @Test
    void aSearchPathChangedByADoBlockOrThroughPgSettingsIsAskedOfTheServer() throws Exception {
        for (String mode : List.of("extended", "simple")) {
            try (Connection c = gateway.connect("currentSchema", "tenant_b", "preferQueryMode", mode);
                 Statement s = c.createStatement()) {
                assertThat(columns(s)).isEqualTo(ALL);
                s.execute("DO $$BEGIN PERFORM set_config('search_path', 'tenant_' || 'a', false); END$$");
                assertThat(columns(s)).as(mode + ": DO").isEqualTo(HIDDEN);
                s.execute("UPDATE pg_settings SET setting = 'tenant_b' WHERE name = 'search_path'");
                assertThat(columns(s)).as(mode + ": pg_settings").isEqualTo(ALL);
            }
        }
    }

    /**
     * A request pipelined behind such a change cannot wait for an answer (the change has not run
     * yet when it arrives): one that may use a managed table is refused, and the next round trip
     * asks the server.
     */
    @Test
    void aRequestPipelinedBehindAnUnreadableChangeIsRefusedAndTheNextOneAsks() throws Exception {
        try (WireClient client = new WireClient(gateway.port())) {
            client.login(PG.user(), PG.database());
            client.send(concat(WireClient.query("SELECT set_config('search_path', 'tenant_' || 'a', false)"),
                    WireClient.query("SELECT * FROM tenant_t WHERE id = 1")));
            assertThat(errorsUntilReady(client, 2)).singleElement().asString()
                    .startsWith("ERROR 0A000 phasegate: cannot tell which schemas");
            assertThat(tenantFieldCount(client)).as("tenant_a's table, its hidden column left out")
                    .isEqualTo(HIDDEN.size());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
