package dev.phasegate.gateway.it;

import static dev.phasegate.gateway.it.Eventually.assertThatEventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.testing.PostgresExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rewriter in the data path, through the real gateway and PgJDBC, one behaviour per test. Each
 * test owns a table whose {@code email_normalized} (up: {@code lower(email)}) is seeded in the phase
 * the test needs, so tests do not depend on each other's flips.
 */
class DataPathIT {

    private static final String TABLE = "(id bigint PRIMARY KEY, email text NOT NULL, name text, "
            + "created timestamptz NOT NULL DEFAULT '2024-01-02 03:04:05+00', email_normalized text)";
    private static final String ROWS = " VALUES (1, 'Ada@Example.com', 'ada', DEFAULT, 'ada@example.com'),"
            + " (2, 'Alan@Example.com', 'alan', DEFAULT, 'alan@example.com')";

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE hidden_t " + TABLE, "INSERT INTO hidden_t" + ROWS,
            "CREATE TABLE unnamed_t " + TABLE, "INSERT INTO unnamed_t" + ROWS,
            "CREATE TABLE simple_t " + TABLE, "INSERT INTO simple_t" + ROWS,
            "CREATE TABLE write_t " + TABLE,
            "CREATE TABLE literal_t " + TABLE,
            "CREATE TABLE comment_t " + TABLE,
            "CREATE TABLE shadow_t " + TABLE, "INSERT INTO shadow_t" + ROWS,
            "CREATE TABLE chunk_t " + TABLE,
            "CREATE TABLE flip_t " + TABLE, "INSERT INTO flip_t" + ROWS,
            "CREATE TABLE contract_t " + TABLE, "INSERT INTO contract_t" + ROWS,
            "CREATE TABLE beside_t " + TABLE, "INSERT INTO beside_t" + ROWS,
            "CREATE TABLE file_t " + TABLE, "INSERT INTO file_t" + ROWS,
            "CREATE TABLE utf8_t " + TABLE, "INSERT INTO utf8_t" + ROWS,
            "CREATE TABLE cursor_t " + TABLE, "INSERT INTO cursor_t" + ROWS,
            "CREATE TABLE cursor_shadow_t " + TABLE, "INSERT INTO cursor_shadow_t" + ROWS,
            "CREATE TABLE cursor_write_t " + TABLE, "INSERT INTO cursor_write_t" + ROWS,
            "CREATE TABLE json_t " + TABLE, "INSERT INTO json_t" + ROWS,
            "CREATE TABLE json_shadow_t " + TABLE, "INSERT INTO json_shadow_t" + ROWS,
            "CREATE TABLE prepared_t " + TABLE, "INSERT INTO prepared_t" + ROWS,
            "CREATE TABLE prepared_write_t " + TABLE,
            "CREATE TABLE prepared_flip_t " + TABLE, "INSERT INTO prepared_flip_t" + ROWS,
            "CREATE SCHEMA tenant_a", "CREATE TABLE tenant_a.tenant_t " + TABLE, "INSERT INTO tenant_a.tenant_t" + ROWS,
            "CREATE SCHEMA tenant_b", "CREATE TABLE tenant_b.tenant_t " + TABLE, "INSERT INTO tenant_b.tenant_t" + ROWS,
            "CREATE TABLE plain (id int PRIMARY KEY, v text)", "INSERT INTO plain VALUES (1, 'x')");

    static TestRuntime gateway;
    static Path auditFile;

    @BeforeAll
    static void start() {
        StringBuilder columns = new StringBuilder("columns:\n");
        for (String[] c : new String[][] {{"hidden_t", "hidden"}, {"unnamed_t", "hidden"}, {"simple_t", "hidden"},
                {"write_t", "write"}, {"literal_t", "write"}, {"comment_t", "write"}, {"shadow_t", "shadow"}, {"chunk_t", "shadow"}, {"flip_t", "hidden"},
                {"contract_t", "contract"}, {"beside_t", "shadow"}, {"file_t", "write"}, {"utf8_t", "write"},
                {"cursor_t", "hidden"}, {"cursor_shadow_t", "shadow"}, {"cursor_write_t", "write"},
                {"json_t", "hidden"}, {"json_shadow_t", "shadow"}, {"prepared_t", "hidden"}, {"prepared_write_t", "write"}, {"prepared_flip_t", "hidden"}}) {
            columns.append("""
                      - id: public.%s.email_normalized
                        type: text
                        source: email
                        up: lower(email)
                        down: email_normalized
                        phase: %s
                    """.formatted(c[0], c[1]));
        }
        columns.append("""
                  - id: tenant_a.tenant_t.email_normalized
                    type: text
                    source: email
                    up: lower(email)
                    down: email_normalized
                    phase: hidden
                """);
        try {
            auditFile = Files.createTempDirectory("phasegate-datapath").resolve("audit.jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gateway = TestRuntime.start(PG, "gw-datapath", "audit:\n  file: " + auditFile + "\n" + columns);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static List<String> columns(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnName(i));
        }
        return names;
    }

    /**
     * Waits until the catalog stops changing, for tests that count plans: an earlier test's DDL (a
     * temporary table, dropped when its backend exits) re-reads the catalog a little later, and a
     * new catalog version plans every statement again.
     */
    private static void settleCatalog() throws Exception {
        long version = gateway.runtime.refreshCatalog().version();
        while (true) {
            Thread.sleep(200);
            long now = gateway.runtime.refreshCatalog().version();
            if (now == version) {
                return;
            }
            version = now;
        }
    }

    private static String direct(String sql) throws SQLException {
        try (Connection c = PG.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    // ---- hidden ------------------------------------------------------------------------------------

    @Test
    void hiddenLeavesTheColumnOutOfStarAndReadsReturnTheDefault() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement star = c.prepareStatement("SELECT * FROM hidden_t WHERE id = ?");
             PreparedStatement named = c.prepareStatement("SELECT email_normalized FROM hidden_t WHERE id = ?")) {
            for (int round = 0; round < 3; round++) {
                star.setLong(1, 1);
                try (ResultSet rs = star.executeQuery()) {
                    assertThat(columns(rs)).containsExactly("id", "email", "name", "created");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("email")).isEqualTo("Ada@Example.com");
                }
                named.setLong(1, 1);
                try (ResultSet rs = named.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isNull();
                }
            }
        }
    }

    /**
     * {@code row_to_json(u)} and the like carry the columns {@code SELECT *} would, in both
     * protocols: the hidden column is not a key, a row an outer join left out stays NULL, and in
     * {@code shadow} the row's source is still checked (the check column never reaches the client).
     */
    @Test
    void aRowGivenToAJsonFunctionCarriesTheColumnsStarWould() throws Exception {
        for (String mode : List.of("extended", "simple")) {
            try (Connection c = gateway.connect("preferQueryMode", mode); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT row_to_json(u), to_jsonb(p.*) FROM plain x"
                        + " LEFT JOIN json_t u ON u.id = x.id LEFT JOIN json_t p ON p.id = x.id + 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as(mode).isEqualTo("{\"id\":1,\"email\":\"Ada@Example.com\","
                            + "\"name\":\"ada\",\"created\":\"2024-01-02T03:04:05+00:00\"}");
                    assertThat(rs.getString(2)).as(mode).contains("\"email\": \"Alan@Example.com\"")
                            .doesNotContain("email_normalized");
                }
                try (ResultSet rs = s.executeQuery("SELECT json_agg(u) FROM plain x LEFT JOIN json_t u"
                        + " ON u.id = x.id + 10")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("an outer join's missing row stays null").isEqualTo("[null]");
                }
                try (ResultSet rs = s.executeQuery("SELECT row_to_json(u) FROM json_shadow_t u ORDER BY id")) {
                    assertThat(rs.getMetaData().getColumnCount()).as("the check column is dropped").isEqualTo(1);
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).doesNotContain("email_normalized").contains("Ada@Example.com");
                }
            }
        }
        assertThatEventually(() -> assertThat(audit("public.json_shadow_t.email_normalized", "shadowed"))
                .extracting(r -> r.get("statement").asText())
                .contains("SELECT row_to_json(u) FROM json_shadow_t u ORDER BY id"));
    }

    /**
     * {@code CREATE TABLE … AS SELECT *} and {@code SELECT * INTO} through the gateway give the new
     * table the columns the application sees: the hidden column is not copied.
     */
    @Test
    void aTableCreatedFromAQueryGetsTheColumnsTheQueryReturnsUnderThePhase() throws Exception {
        for (String mode : List.of("extended", "simple")) {
            try (Connection c = gateway.connect("preferQueryMode", mode); Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE json_copy AS SELECT * FROM json_t WHERE id = 1");
                s.execute("SELECT * INTO TEMP json_into FROM json_t WHERE id = 1");
                for (String copy : List.of("json_copy", "json_into")) {
                    try (ResultSet rs = s.executeQuery("SELECT * FROM " + copy)) {
                        assertThat(columns(rs)).as(mode + " " + copy).containsExactly("id", "email", "name", "created");
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString("email")).isEqualTo("Ada@Example.com");
                    }
                }
            }
        }
    }

    /**
     * A session that starts with its own search_path (PgJDBC's {@code currentSchema}, libpq's
     * {@code options=-c search_path=…}) has its unqualified table names resolved through it: the
     * hidden column of the table PostgreSQL finds there stays out of {@code *}.
     */
    @Test
    void aSessionsStartupSearchPathDecidesWhichTableAnUnqualifiedNameIs() throws Exception {
        for (String[] properties : new String[][] {{"currentSchema", "tenant_a"},
                {"options", "-c search_path=tenant_a,public"}}) {
            try (Connection c = gateway.connect(properties); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM tenant_t WHERE id = 1")) {
                assertThat(columns(rs)).as(properties[0]).containsExactly("id", "email", "name", "created");
            }
        }
    }

    /** The columns {@code SELECT *} from the unqualified {@code tenant_t} returns. */
    private static List<String> tenantColumns(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT * FROM tenant_t WHERE id = 1")) {
            return columns(rs);
        }
    }

    private static final List<String> HIDDEN = List.of("id", "email", "name", "created");
    private static final List<String> ALL = List.of("id", "email", "name", "created", "email_normalized");

    /**
     * Schema-per-tenant applications (django-tenants, Rails' Apartment, PgJDBC's
     * {@code setSchema}) switch tenants with {@code SET search_path}: unqualified names resolve
     * through the path as the server keeps it, in both protocols: {@code tenant_a.tenant_t} is
     * managed (hidden), {@code tenant_b.tenant_t} is not. A transaction's change is undone when it
     * rolls back or fails, a {@code SET LOCAL} when it ends, a change after a savepoint when the
     * transaction rolls back to it.
     */
    @Test
    void aSearchPathSetDuringTheSessionDecidesWhichTableAnUnqualifiedNameIs() throws Exception {
        for (String mode : List.of("extended", "simple")) {
            try (Connection c = gateway.connect("preferQueryMode", mode, "currentSchema", "tenant_b");
                 Statement s = c.createStatement()) {
                assertThat(tenantColumns(s)).as(mode).isEqualTo(ALL);
                s.execute("SET search_path TO tenant_a, public");
                assertThat(tenantColumns(s)).as(mode).isEqualTo(HIDDEN);
                s.execute("RESET search_path");
                assertThat(tenantColumns(s)).as(mode + ": back to the startup path").isEqualTo(ALL);
                c.setSchema("tenant_a");
                assertThat(tenantColumns(s)).as(mode + ": setSchema").isEqualTo(HIDDEN);
                s.execute("SELECT set_config('search_path', 'tenant_b', false)");
                assertThat(tenantColumns(s)).as(mode + ": set_config").isEqualTo(ALL);

                c.setAutoCommit(false);
                s.execute("SET search_path TO tenant_a");
                assertThat(tenantColumns(s)).as(mode).isEqualTo(HIDDEN);
                c.rollback();
                assertThat(tenantColumns(s)).as(mode + ": rolled back").isEqualTo(ALL);
                s.execute("SET LOCAL search_path TO tenant_a");
                assertThat(tenantColumns(s)).as(mode).isEqualTo(HIDDEN);
                c.commit();
                assertThat(tenantColumns(s)).as(mode + ": SET LOCAL ends with the transaction").isEqualTo(ALL);
                Savepoint before = c.setSavepoint("before");
                s.execute("SET search_path TO tenant_a");
                Savepoint after = c.setSavepoint("after");
                s.execute("SET search_path TO tenant_b");
                assertThat(tenantColumns(s)).as(mode).isEqualTo(ALL);
                c.rollback(after);
                assertThat(tenantColumns(s)).as(mode + ": rolled back to the savepoint after the change")
                        .isEqualTo(HIDDEN);
                c.rollback(before);
                assertThat(tenantColumns(s)).as(mode + ": rolled back to the savepoint before it").isEqualTo(ALL);
                s.execute("SET search_path TO tenant_a");
                c.commit();
                c.setAutoCommit(true);
                assertThat(tenantColumns(s)).as(mode + ": committed").isEqualTo(HIDDEN);

                if (mode.equals("simple")) {
                    // One implicit transaction: the division fails it, and the server undoes the SET.
                    assertThatThrownBy(() -> s.execute("SET search_path TO tenant_b; SELECT 1/0"))
                            .hasMessageContaining("division by zero");
                    assertThat(tenantColumns(s)).as("a failed query string's change is undone").isEqualTo(HIDDEN);
                    assertThatThrownBy(() -> s.execute("SET search_path TO tenant_b; SELECT * FROM tenant_t"))
                            .isInstanceOfSatisfying(SQLException.class, e -> {
                                assertThat(e.getSQLState()).isEqualTo("0A000");
                                assertThat(e.getMessage()).contains("send the change as a query of its own");
                            });
                    assertThat(tenantColumns(s)).as("the refused string changed nothing").isEqualTo(HIDDEN);

                    // A semicolon and "--" inside a literal must not hide the ROLLBACK behind them.
                    s.execute("BEGIN");
                    s.execute("SET search_path TO tenant_b");
                    s.execute("SELECT ';--'; ROLLBACK");
                    assertThat(tenantColumns(s)).as("rolled back behind a literal that looks like a comment")
                            .isEqualTo(HIDDEN);
                }
            }
        }
    }

    /**
     * {@code $user} in the path stands for the current role: {@code SET ROLE} changes which table an
     * unqualified name is when a schema bears the role's name.
     */
    @Test
    void setRoleMovesUserInTheSearchPath() throws Exception {
        try (Connection c = PG.connect(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE tenant_a; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("GRANT USAGE ON SCHEMA tenant_a, tenant_b TO tenant_a");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA tenant_a, tenant_b TO tenant_a");
        } catch (SQLException e) {
            // A server of the developer's own (PHASEGATE_TEST_PG_URL) may not let the test create roles.
            assumeTrue(!"42501".equals(e.getSQLState()), "needs a login that may create roles: " + e.getMessage());
            throw e;
        }
        for (String mode : List.of("extended", "simple")) {
            try (Connection c = gateway.connect("preferQueryMode", mode); Statement s = c.createStatement()) {
                s.execute("SET search_path TO \"$user\", tenant_b");
                assertThat(tenantColumns(s)).as(mode + ": no schema for the login user").isEqualTo(ALL);
                s.execute("SET ROLE tenant_a");
                assertThat(tenantColumns(s)).as(mode + ": $user is tenant_a").isEqualTo(HIDDEN);
                s.execute("RESET ROLE");
                assertThat(tenantColumns(s)).as(mode).isEqualTo(ALL);
            }
        }
    }

    /**
     * A statement prepared before the path changed is planned again at its next Bind, as the server
     * plans it again: where its rewrite differs, the Bind is refused as the server refuses a cached
     * plan whose result changed, and PgJDBC prepares it again by itself.
     */
    @Test
    void aStatementPreparedBeforeTheSearchPathChangedFollowsIt() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1", "currentSchema", "tenant_b");
             PreparedStatement ps = c.prepareStatement("SELECT * FROM tenant_t WHERE id = ?");
             Statement s = c.createStatement()) {
            ps.setLong(1, 1);
            for (String schema : List.of("tenant_b", "tenant_a", "tenant_a", "tenant_b", "tenant_a")) {
                s.execute("SET search_path TO " + schema);
                for (int i = 0; i < 2; i++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(columns(rs)).as(schema).isEqualTo(schema.equals("tenant_a") ? HIDDEN : ALL);
                    }
                }
            }
        }
    }

    /**
     * An SQL-level prepared statement is planned again by the server when the path changes, and so
     * by the gateway: one whose rewrite the change alters is refused at EXECUTE until it is prepared
     * again, whether it was prepared on the managed table or on an unmanaged one of the same name.
     */
    @Test
    void anSqlPreparedStatementIsRefusedAfterTheSearchPathChangedItsRewrite() throws Exception {
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement()) {
            for (String[] from : new String[][] {{"tenant_a", "tenant_b"}, {"tenant_b", "tenant_a"}}) {
                s.execute("SET search_path TO " + from[0]);
                s.execute("PREPARE tenant_rows AS SELECT * FROM tenant_t WHERE id = 1");
                try (ResultSet rs = s.executeQuery("EXECUTE tenant_rows")) {
                    assertThat(columns(rs)).isEqualTo(from[0].equals("tenant_a") ? HIDDEN : ALL);
                }
                s.execute("SET search_path TO " + from[1]);
                assertThatThrownBy(() -> s.executeQuery("EXECUTE tenant_rows"))
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("0A000");
                            assertThat(e.getMessage()).contains("search_path has changed since");
                        });
                s.execute("SET search_path TO " + from[0]);
                assertThatThrownBy(() -> s.execute("SET search_path TO " + from[1] + "; EXECUTE tenant_rows"))
                        .hasMessageContaining("send the change as a query of its own");
                s.execute("DEALLOCATE tenant_rows");
            }
        }
    }

    /**
     * psycopg's named cursors, Django's {@code QuerySet.iterator()} and SQLAlchemy's
     * {@code stream_results} read through {@code DECLARE … CURSOR} and {@code FETCH}: the rows FETCH
     * returns follow the phase like those of the query itself, in both protocols, and a cursor's
     * read of the source is audited as not shadowed (no check column reaches the client).
     */
    @Test
    void aServerSideCursorReturnsWhatItsQueryWouldUnderThePhase() throws Exception {
        for (String mode : List.of("extended", "simple")) {
            try (Connection c = gateway.connect("preferQueryMode", mode); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("DECLARE \"_django_curs_1\" NO SCROLL CURSOR WITHOUT HOLD FOR SELECT * FROM cursor_t"
                        + " ORDER BY id");
                try (ResultSet rs = s.executeQuery("FETCH 1 FROM \"_django_curs_1\"")) {
                    assertThat(columns(rs)).as(mode).containsExactly("id", "email", "name", "created");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("email")).isEqualTo("Ada@Example.com");
                    assertThat(rs.next()).isFalse();
                }
                s.execute("DECLARE named CURSOR FOR SELECT id, email_normalized FROM cursor_t ORDER BY id");
                try (ResultSet rs = s.executeQuery("FETCH ALL FROM named")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).as("the hidden column reads its default").isNull();
                }
                s.execute("DECLARE checked CURSOR FOR SELECT id, email FROM cursor_shadow_t ORDER BY id");
                try (ResultSet rs = s.executeQuery("FETCH ALL FROM checked")) {
                    assertThat(columns(rs)).as(mode).containsExactly("id", "email");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).isEqualTo("Alan@Example.com");
                    assertThat(rs.next()).isFalse();
                }
                if (mode.equals("extended")) {
                    // psycopg 3 binds a server-side cursor's values: DECLARE with a placeholder.
                    try (PreparedStatement ps = c.prepareStatement(
                            "DECLARE bound CURSOR FOR SELECT * FROM cursor_t WHERE id > ? ORDER BY id")) {
                        ps.setLong(1, 1);
                        ps.execute();
                    }
                    try (ResultSet rs = s.executeQuery("FETCH ALL FROM bound")) {
                        assertThat(columns(rs)).containsExactly("id", "email", "name", "created");
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString("email")).isEqualTo("Alan@Example.com");
                        assertThat(rs.next()).isFalse();
                    }
                }
                c.commit();
            }
        }
        assertThatEventually(() -> {
            assertThat(audit("public.cursor_t.email_normalized", "stripped")).hasSize(3);
            assertThat(audit("public.cursor_t.email_normalized", "defaulted")).hasSize(2);
            List<JsonNode> unchecked = audit("public.cursor_shadow_t.email_normalized", "passed");
            assertThat(unchecked).hasSize(2);
            assertThat(unchecked.get(0).get("columns").get(0).path("readsSource").asBoolean()).isTrue();
            assertThat(unchecked.get(0).get("statement").asText()).startsWith("DECLARE checked CURSOR");
            assertThat(audit("public.cursor_shadow_t.email_normalized", "shadowed")).isEmpty();
        });
    }

    /** An update of the row a cursor stands on dual-writes like any other UPDATE, in both protocols. */
    @Test
    void anUpdateWhereCurrentOfACursorFillsTheNewColumnInWrite() throws Exception {
        for (String mode : List.of("extended", "simple")) {
            String email = "Cursor." + mode + "@Example.com";
            try (Connection c = gateway.connect("preferQueryMode", mode); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("DECLARE w CURSOR FOR SELECT id, email FROM cursor_write_t ORDER BY id FOR UPDATE");
                try (ResultSet rs = s.executeQuery("FETCH 1 FROM w")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
                assertThat(s.executeUpdate("UPDATE cursor_write_t SET email = '" + email + "' WHERE CURRENT OF w"))
                        .isEqualTo(1);
                c.commit();
            }
            assertThat(direct("SELECT email_normalized FROM cursor_write_t WHERE id = 1"))
                    .isEqualTo(email.toLowerCase(java.util.Locale.ROOT));
            assertThat(direct("SELECT email_normalized FROM cursor_write_t WHERE id = 2")).isEqualTo("alan@example.com");
        }
    }

    @Test
    void hiddenStripsTheAssignmentAndItsParameterFromAServerPreparedUpdate() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE hidden_t SET email = ?, email_normalized = ? WHERE id = ?")) {
            ParameterMetaData params = ps.getParameterMetaData(); // a Describe of the statement
            assertThat(params.getParameterCount()).isEqualTo(3);
            for (int round = 0; round < 3; round++) {
                ps.setString(1, "Grace" + round + "@Example.com");
                ps.setString(2, "planted-" + round);
                ps.setLong(3, 2);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(direct("SELECT email || '|' || email_normalized FROM hidden_t WHERE id = 2"))
                .isEqualTo("Grace2@Example.com|alan@example.com");
    }

    @Test
    void unnamedStatementsAreRewrittenToo() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "0")) {
            for (int round = 0; round < 3; round++) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE unnamed_t SET name = ?, email_normalized = ? WHERE id = ?")) {
                    ps.setString(1, "n" + round);
                    ps.setString(2, "planted");
                    ps.setLong(3, 1);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM unnamed_t WHERE id = ?")) {
                    ps.setLong(1, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(columns(rs)).doesNotContain("email_normalized");
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString("name")).isEqualTo("n" + round);
                    }
                }
            }
        }
        assertThat(direct("SELECT email_normalized FROM unnamed_t WHERE id = 1")).isEqualTo("ada@example.com");
    }

    @Test
    void aSimpleQueryWithSeveralStatementsIsRewrittenStatementByStatement() throws Exception {
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement()) {
            boolean results = s.execute("UPDATE simple_t SET email_normalized = 'x' WHERE id = 1; "
                    + "SELECT * FROM simple_t ORDER BY id; SELECT email_normalized, name FROM simple_t WHERE id = 2");
            assertThat(results).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(1);
            assertThat(s.getMoreResults()).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                assertThat(columns(rs)).containsExactly("id", "email", "name", "created");
                assertThat(rs.next()).isTrue();
            }
            assertThat(s.getMoreResults()).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                assertThat(columns(rs)).containsExactly("email_normalized", "name");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
                assertThat(rs.getString(2)).isEqualTo("alan");
            }
        }
        assertThat(direct("SELECT email_normalized FROM simple_t WHERE id = 1")).isEqualTo("ada@example.com");
        assertThatEventually(() -> {
            List<JsonNode> records = audit("public.simple_t.email_normalized", null);
            assertThat(records).extracting(r -> r.get("action").asText())
                    .containsExactly("defaulted", "stripped", "stripped");
            assertThat(records.get(0).get("session").get("applicationName").asText()).isEqualTo("phasegate-it");
        });
    }

    // ---- write -------------------------------------------------------------------------------------

    @Test
    void writeFillsTheNewColumnFromInsertsThatNameOnlyTheSource() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement("INSERT INTO write_t (id, email) VALUES (?, ?)")) {
            for (int i = 1; i <= 3; i++) {
                ps.setLong(1, i);
                ps.setString(2, "Mixed" + i + "@Case.ORG");
                ps.executeUpdate();
            }
        }
        assertThat(direct("SELECT string_agg(email_normalized, ',' ORDER BY id) FROM write_t"))
                .isEqualTo("mixed1@case.org,mixed2@case.org,mixed3@case.org");
        assertThatEventually(() -> {
            List<JsonNode> records = audit("public.write_t.email_normalized", "rewritten");
            assertThat(records).hasSize(3);
            JsonNode column = records.get(0).get("columns").get(0);
            assertThat(column.get("phase").asText()).isEqualTo("write");
            assertThat(column.path("writesSource").asBoolean()).isTrue();
            assertThat(records.get(0).get("statement").asText()).isEqualTo("INSERT INTO write_t (id, email) VALUES ($1, $2)");
            assertThat(records.get(0).get("rows").asLong()).isEqualTo(1);
        });
    }

    @Test
    void statementsWithPerRequestCommentsArePlannedOnceAndKeepTheirComments() throws Exception {
        settleCatalog();
        long missesBefore = gateway.runtime.rewriter().cache().missCount();
        try (Connection c = gateway.connect()) {
            for (int i = 1; i <= 8; i++) {
                // A trace comment with a new id per request, as sqlcommenter appends it.
                String sql = "INSERT INTO comment_t (id, email) VALUES (?, ?) /*traceparent='00-" + "%032x".formatted(i)
                        + "-b7ad6b7169203331-01'*/";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, i);
                    ps.setString(2, "Traced." + i + "@Example.ORG");
                    ps.executeUpdate();
                }
            }
        }
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement()) {
            for (int i = 9; i <= 16; i++) {
                // A leading and a trailing comment, or a trace comment before a final ';'.
                String values = "INSERT INTO comment_t (id, email) VALUES (" + i + ", 'Simple." + i + "@Example.ORG')";
                s.execute(i % 2 == 0 ? "/* request " + i + " */ " + values + " -- controller:users,action:create"
                        : values + " /*traceparent='00-" + "%032x".formatted(i) + "-b7ad6b7169203331-01'*/;");
            }
        }

        assertThat(direct("SELECT count(*) FROM comment_t WHERE email_normalized = lower(email)")).isEqualTo("16");
        // One plan for the prepared text and one for the simple one (planned with its literal shape).
        assertThat(gateway.runtime.rewriter().cache().missCount() - missesBefore).isEqualTo(2);
        // The comments went to the server as sent: pg_stat_activity shows the last one.
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement()) {
            s.execute("/* request 17 */ INSERT INTO comment_t (id, email) VALUES (17, 'Last@Example.ORG')"
                    + " RETURNING (SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid())");
            try (ResultSet rs = s.getResultSet()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("/* request 17 */ INSERT INTO comment_t").contains("email_normalized");
            }
        }
    }

    @Test
    void statementsWithInlinedValuesShareOnePlanAndEachKeepsItsOwnValues() throws Exception {
        settleCatalog();
        long shapeHitsBefore = gateway.runtime.rewriter().cache().shapeHitCount();
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement()) {
            for (int i = 1; i <= 12; i++) {
                // Values of different lengths: the filled-in plans must move every offset after them.
                String email = "User." + "x".repeat(i) + "@Example.ORG";
                s.execute("INSERT INTO literal_t (id, email, name) VALUES (" + i + ", '" + email + "', 'n" + i + "')");
            }
            s.execute("UPDATE literal_t SET email = 'It''s@Example.ORG' WHERE id = 3; "
                    + "UPDATE literal_t SET email = 'Second.Statement@Example.ORG' WHERE id = 11");
            s.execute("UPDATE literal_t SET email = 'B@X.ORG' WHERE id = 5; "
                    + "UPDATE literal_t SET email = 'Other@X.ORG' WHERE id = 12");
        }

        assertThat(direct("SELECT count(*) FROM literal_t WHERE email_normalized IS DISTINCT FROM lower(email)"))
                .isEqualTo("0");
        assertThat(direct("SELECT email_normalized FROM literal_t WHERE id = 3")).isEqualTo("it's@example.org");
        assertThat(direct("SELECT email_normalized FROM literal_t WHERE id = 12")).isEqualTo("other@x.org");
        assertThat(direct("SELECT email_normalized FROM literal_t WHERE id = 7")).isEqualTo("user.xxxxxxx@example.org");
        // 11 of the 12 INSERTs and the second two-statement UPDATE were filled in from a shape.
        assertThat(gateway.runtime.rewriter().cache().shapeHitCount() - shapeHitsBefore).isEqualTo(12);
        assertThatEventually(() -> {
            List<JsonNode> records = audit("public.literal_t.email_normalized", "rewritten");
            assertThat(records).hasSize(16);
            // Each statement of a multi-statement string is audited with its own text.
            assertThat(records).extracting(r -> r.get("statement").asText())
                    .contains("UPDATE literal_t SET email = ? WHERE id = ?")
                    .doesNotContain("UPDATE literal_t SET email = ? WHERE id = ?; "
                            + "UPDATE literal_t SET email = ? WHERE id = ?");
        });
    }

    // ---- shadow ------------------------------------------------------------------------------------

    @Test
    void shadowReadsWithBinaryTransferDropTheCheckColumnAndKeepTheClientsFormats() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1", "binaryTransfer", "true");
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, email, created FROM shadow_t WHERE id <= ? ORDER BY id")) {
            for (int round = 0; round < 4; round++) {
                ps.setLong(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(columns(rs)).containsExactly("id", "email", "created");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                    assertThat(rs.getString(2)).isEqualTo("Ada@Example.com");
                    assertThat(rs.getTimestamp(3)).isEqualTo(Timestamp.from(java.time.Instant.parse(
                            "2024-01-02T03:04:05Z")));
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.next()).isFalse();
                }
            }
        }
        assertThatEventually(() -> assertThat(audit("public.shadow_t.email_normalized", "shadowed")).hasSize(4));
    }

    @Test
    void aShadowMismatchIsCountedAndAuditedWhileTheClientSeesItsRowsUnchanged() throws Exception {
        PG.execute("INSERT INTO shadow_t VALUES (7, 'Bad@Example.com', 'bad', DEFAULT, 'not-lower')");
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement("SELECT email, name FROM shadow_t WHERE id = ?")) {
            ps.setLong(1, 7);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(columns(rs)).containsExactly("email", "name");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Bad@Example.com");
                assertThat(rs.getString(2)).isEqualTo("bad");
            }
        }
        assertThat(gateway.runtime.controlPlane().metrics().scrape())
                .contains("phasegate_shadow_mismatches_total{column=\"public.shadow_t.email_normalized\"} 1.0");
        assertThatEventually(() -> {
            List<JsonNode> records = audit("public.shadow_t.email_normalized", "shadow_mismatch");
            assertThat(records).hasSize(1);
            assertThat(records.get(0).get("detail").asText()).contains("1 of 1 row");
            assertThat(records.get(0).get("columns").get(0).path("readsSource").asBoolean()).isTrue();
        });
    }

    @Test
    void aPortalFetchedInChunksIsFilteredThroughoutAndAuditedOnce() throws Exception {
        PG.execute("INSERT INTO chunk_t (id, email, name, email_normalized) SELECT g, 'Chunk' || g || '@X.org', "
                + "'chunk', CASE WHEN g = 105 THEN 'wrong' ELSE lower('Chunk' || g || '@X.org') END "
                + "FROM generate_series(100, 109) g");
        try (Connection c = gateway.connect("prepareThreshold", "1", "binaryTransfer", "true")) {
            c.setAutoCommit(false); // a cursor: PgJDBC fetches the portal 3 rows per Execute
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, email FROM chunk_t WHERE name = ? ORDER BY id")) {
                ps.setFetchSize(3);
                ps.setString(1, "chunk");
                List<String> emails = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(columns(rs)).containsExactly("id", "email");
                    while (rs.next()) {
                        emails.add(rs.getLong(1) + ":" + rs.getString(2));
                    }
                }
                assertThat(emails).hasSize(10).startsWith("100:Chunk100@X.org").endsWith("109:Chunk109@X.org");
            }
            c.commit();
        }
        assertThatEventually(() -> {
            List<JsonNode> records = audit("public.chunk_t.email_normalized", "shadow_mismatch").stream()
                    .filter(r -> r.get("statement").asText().contains("name = $1")).toList();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).get("detail").asText()).contains("1 of 10 row");
            assertThat(records.get(0).get("rows").asLong()).isEqualTo(10);
        });
    }

    // ---- SQL-level prepared statements ---------------------------------------------------------------

    /**
     * {@code PREPARE name AS …} then {@code EXECUTE name}: what EXECUTE runs follows the phase (a
     * hidden column stays out of {@code *}, an INSERT fills the new column in {@code write}), in both
     * protocols, and each EXECUTE is audited like the statement it runs.
     */
    @Test
    void anSqlLevelPreparedStatementRunsWhatItsStatementWouldUnderThePhase() throws Exception {
        long id = 10;
        for (String mode : List.of("extended", "simple")) {
            try (Connection c = gateway.connect("preferQueryMode", mode); Statement s = c.createStatement()) {
                s.execute("PREPARE all_rows AS SELECT * FROM prepared_t ORDER BY id");
                try (ResultSet rs = s.executeQuery("EXECUTE all_rows")) {
                    assertThat(columns(rs)).as(mode).containsExactly("id", "email", "name", "created");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("email")).isEqualTo("Ada@Example.com");
                }
                s.execute("prepare \"By Email\" (text) as select id, email_normalized from prepared_t where email = $1");
                try (ResultSet rs = s.executeQuery("EXECUTE \"By Email\"('Alan@Example.com')")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(2);
                    assertThat(rs.getString(2)).as("the hidden column reads its default").isNull();
                }
                s.execute("PREPARE add_user(bigint, text) AS INSERT INTO prepared_write_t (id, email) VALUES ($1, $2)");
                assertThat(s.executeUpdate("EXECUTE add_user(" + id + ", 'Grace." + mode + "@Example.com')"))
                        .isEqualTo(1);
                s.execute("DEALLOCATE ALL");
                // Deallocated on the server: the name is free for a statement of another table.
                s.execute("PREPARE all_rows AS SELECT * FROM plain");
                try (ResultSet rs = s.executeQuery("EXECUTE all_rows")) {
                    assertThat(columns(rs)).containsExactly("id", "v");
                }
            }
            assertThat(direct("SELECT email_normalized FROM prepared_write_t WHERE id = " + id))
                    .isEqualTo("grace." + mode + "@example.com");
            id++;
        }
        assertThatEventually(() -> {
            assertThat(audit("public.prepared_t.email_normalized", "stripped"))
                    .extracting(r -> r.get("statement").asText())
                    .containsExactlyInAnyOrder("PREPARE all_rows AS SELECT * FROM prepared_t ORDER BY id",
                            "EXECUTE all_rows", "PREPARE all_rows AS SELECT * FROM prepared_t ORDER BY id",
                            "EXECUTE all_rows");
            assertThat(audit("public.prepared_write_t.email_normalized", "rewritten"))
                    .extracting(r -> r.get("statement").asText())
                    .filteredOn(t -> t.startsWith("EXECUTE")).hasSize(2);
        });
    }

    /**
     * After a flip that changes what a prepared statement would be rewritten to, the server still
     * holds the old rewrite: its EXECUTE is refused with PostgreSQL's own error for a prepared
     * statement whose result changed, the session goes on, and preparing it again runs the new one.
     */
    @Test
    void anExecuteAfterAFlipThatChangesItsStatementIsRefusedUntilItIsPreparedAgain() throws Exception {
        String id = "public.prepared_flip_t.email_normalized";
        try (Connection extended = gateway.connect("preferQueryMode", "extended");
             Connection simple = gateway.connect("preferQueryMode", "simple")) {
            for (Connection c : List.of(extended, simple)) {
                try (Statement s = c.createStatement()) {
                    s.execute("PREPARE flip_rows AS SELECT * FROM prepared_flip_t ORDER BY id");
                    try (ResultSet rs = s.executeQuery("EXECUTE flip_rows")) {
                        assertThat(columns(rs)).doesNotContain("email_normalized");
                    }
                }
            }
            for (String phase : List.of("write", "shadow", "read")) {
                gateway.admin.changePhase(id, phase, "test", true);
            }
            for (Connection c : List.of(extended, simple)) {
                try (Statement s = c.createStatement()) {
                    SQLException e = null;
                    try {
                        s.executeQuery("EXECUTE flip_rows").close();
                    } catch (SQLException thrown) {
                        e = thrown;
                    }
                    assertThat((Throwable) e).isNotNull();
                    assertThat(e.getSQLState()).isEqualTo("0A000");
                    assertThat(e.getMessage()).contains("cached plan must not change result type")
                            .contains("prepared statement \"flip_rows\"").contains("PREPARE it again");
                    s.execute("DEALLOCATE flip_rows");
                    s.execute("PREPARE flip_rows AS SELECT * FROM prepared_flip_t ORDER BY id");
                    try (ResultSet rs = s.executeQuery("EXECUTE flip_rows")) {
                        assertThat(columns(rs)).contains("email_normalized");
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString("email_normalized")).isEqualTo("ada@example.com");
                    }
                }
            }
        }
    }

    // ---- flips -------------------------------------------------------------------------------------

    @Test
    void aServerPreparedStatementIsPreparedAgainAfterAFlipChangesItsText() throws Exception {
        String id = "public.flip_t.email_normalized";
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement("SELECT * FROM flip_t WHERE id = ?")) {
            ps.setLong(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(columns(rs)).doesNotContain("email_normalized");
            }
            for (String phase : List.of("write", "shadow", "read")) {
                gateway.admin.changePhase(id, phase, "test", true);
            }
            // Autocommit: PgJDBC heals the one 0A000 RevalidateCachedQuery itself by preparing again.
            ps.setLong(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(columns(rs)).contains("email_normalized");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("email_normalized")).isEqualTo("ada@example.com");
            }
            // In a transaction the driver cannot retry: the application sees the error once.
            gateway.admin.rollback(id, "test", true);
            c.setAutoCommit(false);
            ps.setLong(1, 1);
            SQLException e = null;
            try {
                ps.executeQuery().close();
            } catch (SQLException thrown) {
                e = thrown;
            }
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("cached plan must not change result type");
            c.rollback();
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(columns(rs)).doesNotContain("email_normalized");
            }
            c.commit();
        }
    }

    // ---- contract ----------------------------------------------------------------------------------

    @Test
    void contractReadsTheSourceThroughDownAndWritesItThroughUp() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT email FROM contract_t WHERE id = ?")) {
                ps.setLong(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("ada@example.com");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE contract_t SET email = ? WHERE id = ?")) {
                ps.setString(1, "NEW@Example.com");
                ps.setLong(2, 2);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(direct("SELECT email || '|' || email_normalized FROM contract_t WHERE id = 2"))
                .isEqualTo("Alan@Example.com|new@example.com");
    }

    // ---- untouched -----------------------------------------------------------------------------------

    @Test
    void statementsOnUnmanagedTablesAreNotAudited() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement("SELECT v FROM plain WHERE id = ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("x");
            }
        }
        assertThat(gateway.runtime.controlPlane().metrics().scrape())
                .containsPattern("phasegate_statements_unmanaged_total [1-9]");
    }

    @Test
    void unmanagedStatementsPassUndecodedBesideManagedOnesInTheSameSession() throws Exception {
        // Simple queries, unnamed statements sent again and again (prepareThreshold 0), and named ones
        // (1): the plain table's pass by name or text, the managed table's are rewritten every time,
        // and the unnamed portal they share never carries one's row filter (shadow drops its check
        // column) over to the other. In a transaction, so the portals are not ended by commits.
        for (String threshold : new String[] {"0", "1"}) {
            try (Connection c = gateway.connect("prepareThreshold", threshold);
                 PreparedStatement plainRead = c.prepareStatement("SELECT * FROM plain WHERE id = ?");
                 PreparedStatement managedRead = c.prepareStatement(MANAGED_READ);
                 Statement simple = c.createStatement()) {
                c.setAutoCommit(false);
                for (int round = 0; round < 4; round++) {
                    plainRead.setInt(1, 1);
                    try (ResultSet rs = plainRead.executeQuery()) {
                        assertThat(columns(rs)).containsExactly("id", "v");
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString("v")).isEqualTo("x");
                    }
                    managedRead.setLong(1, 2);
                    try (ResultSet rs = managedRead.executeQuery()) {
                        assertThat(columns(rs)).as("threshold %s, round %d", threshold, round)
                                .containsExactly("id", "email", "name", "created");
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString("email")).isEqualTo("Alan@Example.com");
                    }
                    // A new text each round, as with inlined values.
                    try (ResultSet rs = simple.executeQuery("SELECT v, id FROM plain WHERE id = 1 AND " + round + " >= 0")) {
                        assertThat(columns(rs)).containsExactly("v", "id");
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("x");
                    }
                    try (ResultSet rs = simple.executeQuery("SELECT * FROM beside_t WHERE id = 1")) {
                        assertThat(columns(rs)).doesNotContain("email_normalized");
                    }
                }
                c.commit();
            }
        }
        // Every managed read is audited, and nothing else of this test is.
        String managed = MANAGED_READ.replace("?", "$1");
        assertThatEventually(() -> assertThat(audit("public.beside_t.email_normalized", null))
                .filteredOn(r -> r.get("statement").asText().equals(managed)).hasSize(8));
        assertThat(audit("public.beside_t.email_normalized", null))
                .noneMatch(r -> r.get("statement").asText().contains("FROM plain"));
    }

    @Test
    void textsWithCharactersBeyondAsciiAreRewrittenOrPassedAsTheirTablesRequire() throws Exception {
        // Simple queries in UTF-8 (PgJDBC's client encoding): the gateway reads their text without
        // decoding it when it can; a statement on the managed table must still be rewritten, and
        // every other one must reach PostgreSQL and come back character for character.
        String text = "Zo\u00eb \u65e5\u672c\u8a9e \ud83d\udc18";
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE utf8_t SET email = 'Zo\u00eb@Example.com' WHERE id = 1")).isEqualTo(1);
            assertThat(s.executeUpdate("INSERT INTO plain VALUES (8, '" + text + "')")).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT v FROM plain WHERE v = '" + text + "' /* r\u00e9sum\u00e9 */")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(text);
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM utf8_t WHERE email <> '\u00e9' ORDER BY id")) {
                assertThat(columns(rs)).as("write keeps the column out of *").doesNotContain("email_normalized");
            }
        }
        assertThat(direct("SELECT email_normalized FROM utf8_t WHERE id = 1")).isEqualTo("zo\u00eb@example.com");
        assertThatEventually(() -> assertThat(audit("public.utf8_t.email_normalized", null))
                .extracting(r -> r.get("statement").asText())
                .contains("UPDATE utf8_t SET email = ? WHERE id = ?", "SELECT * FROM utf8_t WHERE email <> ? ORDER BY id"));
    }

    // ---- audit file ----------------------------------------------------------------------------------

    @Test
    void theAuditFileHasALineForEveryAuditedStatementAsTheApiShowsIt() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement prepared = c.prepareStatement("UPDATE file_t SET email = 'User-' || ? WHERE id = ?");
             Statement inline = c.createStatement()) {
            for (int i = 1; i <= 3; i++) {
                prepared.setString(1, "P" + i + "@X.ORG");
                prepared.setLong(2, 1);
                prepared.executeUpdate();
                inline.execute("UPDATE file_t SET email = 'Inline-" + i + "@X.ORG' WHERE id = 2");
            }
        }
        assertThat(direct("SELECT string_agg(email_normalized, ',' ORDER BY id) FROM file_t"))
                .isEqualTo("user-p3@x.org,inline-3@x.org");
        // Repeated statements reach the file writer as the same objects, whose encoding it reuses:
        // every line must still be exactly the record the API serves.
        assertThatEventually(() -> {
            List<JsonNode> api = audit("public.file_t.email_normalized", null);
            assertThat(api).hasSize(6);
            assertThat(api).extracting(r -> r.get("statement").asText()).containsOnly(
                    "UPDATE file_t SET email = ? || $1 WHERE id = $2", "UPDATE file_t SET email = ? WHERE id = ?");
            assertThat(auditFileRecords("public.file_t.email_normalized")).containsExactlyInAnyOrderElementsOf(api);
        });
    }

    /** The data path's lines of the audit file that name {@code column}, parsed (as {@link #audit} selects). */
    private static List<JsonNode> auditFileRecords(String column) {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(auditFile)) {
                JsonNode record = AdminJson.mapper().readTree(line);
                if (!record.has("statement")) {
                    continue;
                }
                for (JsonNode c : record.get("columns")) {
                    if (c.get("id").asText().equals(column)) {
                        records.add(record);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    private static final String MANAGED_READ = "SELECT * FROM beside_t WHERE id = ?";

    /** The data path's audit records (admin actions left out), newest first. */
    static List<JsonNode> audit(String column, String action) {
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode r : gateway.admin.audit(column, action, null, 1000).get("records")) {
            if (r.has("statement")) {
                records.add(r);
            }
        }
        return records;
    }
}
