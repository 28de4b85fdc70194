package dev.phasegate.gateway.it;

import static dev.phasegate.gateway.it.Eventually.assertThatEventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.admin.audit.AuditQuery;
import dev.phasegate.admin.audit.AuditRecord;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DDL through the gateway: risky statements draw a warning (a NoticeResponse, which PgJDBC turns
 * into an SQLWarning) or are blocked (an ErrorResponse naming the rule and the safe alternative),
 * both audited; DDL that completes makes the gateway re-read the catalog, so {@code *} expands to
 * the new columns.
 */
class DdlSafetyIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE accounts (id bigint PRIMARY KEY, email text, name text, email_normalized text)",
            "INSERT INTO accounts VALUES (1, 'A@X.org', 'a', 'a@x.org')",
            "CREATE TABLE notes (id int PRIMARY KEY, body text)");

    static TestRuntime gateway;

    @BeforeAll
    static void start() {
        gateway = TestRuntime.start(PG, "gw-ddl", """
                columns:
                  - id: public.accounts.email_normalized
                    type: text
                    source: email
                    up: lower(email)
                """);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String warnings(Statement s) throws SQLException {
        StringBuilder b = new StringBuilder();
        for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
            b.append(w.getMessage()).append('\n');
        }
        return b.toString();
    }

    private static List<AuditRecord> ddlRecords() {
        return gateway.runtime.controlPlane().audit().query(AuditQuery.recent(1000)).stream()
                .filter(r -> r.detail() != null && r.detail().startsWith("ddl "))
                .toList();
    }

    @Test
    void aWarnedStatementRunsAndTheClientSeesTheWarning() throws Exception {
        try (Connection c = gateway.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX notes_body ON notes (body)");
            assertThat(warnings(s)).contains("createIndexWithoutConcurrently").contains("CONCURRENTLY");
        }
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX notes_body_2 ON notes (body, id)");
            assertThat(warnings(s)).contains("createIndexWithoutConcurrently");
        }
        try (Connection c = PG.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'notes_body%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
        assertThatEventually(() -> assertThat(ddlRecords()).anySatisfy(r -> {
            assertThat(r.statement()).isEqualTo("CREATE INDEX notes_body ON notes (body)");
            assertThat(r.detail()).contains("ddl warning").contains("createIndexWithoutConcurrently");
            assertThat(r.action().wireName()).isEqualTo("passed");
        }));
    }

    @Test
    void aBlockedStatementFailsWithTheRuleAndTheSafeAlternative() throws Exception {
        try (Connection c = gateway.connect(); Statement s = c.createStatement()) {
            SQLException e = null;
            try {
                s.execute("ALTER TABLE accounts DROP COLUMN email_normalized");
            } catch (SQLException thrown) {
                e = thrown;
            }
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("dropManagedColumn").contains("Safe:");
            // The session goes on.
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
        try (Connection c = PG.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns "
                     + "WHERE table_name = 'accounts' AND column_name = 'email_normalized'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThatEventually(() -> assertThat(ddlRecords()).anySatisfy(r -> {
            assertThat(r.action().wireName()).isEqualTo("rejected");
            assertThat(r.sqlState()).isEqualTo("0A000");
            assertThat(r.detail()).contains("dropManagedColumn");
            assertThat(r.columns()).extracting(col -> col.id().toString())
                    .contains("public.accounts.email_normalized");
        }));
    }

    @Test
    void addingAColumnThroughTheGatewayMakesStarExpandToIt() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement star = c.prepareStatement("SELECT * FROM accounts WHERE id = ?")) {
            star.setLong(1, 1);
            try (ResultSet rs = star.executeQuery()) {
                assertThat(PhaseFlipEndToEndIT.columns(rs)).containsExactly("id", "email", "name");
            }
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE accounts ADD COLUMN nickname text");
            }
            // The catalog is re-read right after the DDL; the prepared statement is prepared again.
            assertThatEventually(Duration.ofSeconds(5), () -> {
                try (ResultSet rs = star.executeQuery()) {
                    assertThat(PhaseFlipEndToEndIT.columns(rs)).containsExactly("id", "email", "name", "nickname");
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertThat(gateway.runtime.catalog().version()).isGreaterThan(1);
    }
}
