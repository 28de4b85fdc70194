package dev.phasegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.audit.AuditQuery;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime as operators run it: two gateways on one database agree on a flip within a second
 * (seen in what they answer, not only in their feeds); a restart keeps phases and history;
 * sessions on another database pass through untouched; the admin API lists sessions, previews
 * rewrites and exports the data path's metrics.
 */
class RuntimeIT {

    private static final String ID = "public.items.label_v2";
    private static final String COLUMNS = """
            columns:
              - id: public.items.label_v2
                type: text
                source: label
                up: upper(label)
            """;

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE items (id int PRIMARY KEY, label text, label_v2 text)",
            "INSERT INTO items VALUES (1, 'one', 'ONE')");

    private static List<String> starColumns(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM items WHERE id = 1")) {
            return PhaseFlipEndToEndIT.columns(rs);
        }
    }

    @Test
    void gatewaysOnOneDatabaseAgreeOnAFlipWithinOneSecondAndARestartKeepsPhasesAndHistory() throws Exception {
        try (TestRuntime a = TestRuntime.start(PG, "gw-a", COLUMNS);
             TestRuntime b = TestRuntime.start(PG, "gw-b", COLUMNS);
             Connection throughB = b.connect("preferQueryMode", "simple")) {
            assertThat(starColumns(throughB)).containsExactly("id", "label");
            for (String phase : List.of("write", "shadow")) {
                a.admin.changePhase(ID, phase, "test", true);
            }
            a.admin.changePhase(ID, "read", "test", true);
            long flipped = System.nanoTime();
            while (!starColumns(throughB).contains("label_v2")) {
                assertThat(Duration.ofNanos(System.nanoTime() - flipped)).as("gateway b still hides the column")
                        .isLessThan(Duration.ofSeconds(1));
                Thread.sleep(10);
            }
            assertThat(b.runtime.snapshot().column(dev.phasegate.config.column.ColumnId.parse(ID)).orElseThrow()
                    .phase().wireName()).isEqualTo("read");
            a.close();
        }
        // A restart: the configuration still says hidden, the store wins.
        try (TestRuntime again = TestRuntime.start(PG, "gw-a", COLUMNS); Connection c = again.connect()) {
            assertThat(starColumns(c)).containsExactly("id", "label", "label_v2");
            JsonNode column = again.admin.column(ID);
            assertThat(column.toString()).contains("\"read\"");
            List<String> steps = new ArrayList<>();
            for (JsonNode change : column.path("history")) {
                steps.add(change.path("to").asText());
            }
            assertThat(steps).contains("write", "shadow", "read");
        }
    }

    @Test
    void sessionsOnAnotherDatabasePassThroughUntouched() throws Exception {
        String other = PG.database() + "_other";
        PG.server().admin("CREATE DATABASE " + other);
        try {
            try (Connection c = PG.server().connect(other); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id int PRIMARY KEY, label text, label_v2 text)");
                s.execute("INSERT INTO items VALUES (1, 'x', 'X')");
            }
            try (TestRuntime gateway = TestRuntime.start(PG, "gw-other", COLUMNS);
                 Connection managed = gateway.connect();
                 Connection elsewhere = gateway.connectTo(other)) {
                assertThat(starColumns(managed)).containsExactly("id", "label");
                assertThat(starColumns(elsewhere)).containsExactly("id", "label", "label_v2");
                try (Statement s = elsewhere.createStatement()) {
                    s.executeUpdate("UPDATE items SET label_v2 = 'kept' WHERE id = 1");
                }
                try (Connection c = PG.server().connect(other); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT label_v2 FROM items")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("kept");
                }
                Thread.sleep(300);
                assertThat(gateway.runtime.controlPlane().audit().query(AuditQuery.recent(1000)))
                        .noneMatch(r -> other.equals(r.session() == null ? null : r.session().database()));
            }
        } finally {
            PG.server().admin("DROP DATABASE IF EXISTS " + other + " WITH (FORCE)");
        }
    }

    @Test
    void theAdminApiListsSessionsPreviewsRewritesAndExportsDataPathMetrics() throws Exception {
        try (TestRuntime gateway = TestRuntime.start(PG, "gw-api", COLUMNS);
             Connection c = gateway.connect("ApplicationName", "listed-app")) {
            starColumns(c);
            JsonNode sessions = gateway.admin.sessions();
            assertThat(sessions.toString()).contains("listed-app").contains(PG.database());

            JsonNode preview = gateway.admin.rewrite("INSERT INTO items (id, label) VALUES (2, 'two')",
                    Map.of(ID, "write"));
            assertThat(preview.toString()).contains("upper(").contains("rewritten");

            String metrics = gateway.runtime.controlPlane().metrics().scrape();
            assertThat(metrics).contains("phasegate_client_connections 1.0")
                    .contains("phasegate_upstream_connections 1.0")
                    .containsPattern("phasegate_statements_total\\{action=\"stripped\",column=\"" + ID.replace(".", "\\.")
                            + "\",phase=\"[a-z]+\"}")
                    .contains("phasegate_plan_cache_misses_total")
                    .contains("phasegate_rewrite_seconds_count")
                    .contains("phasegate_netty_allocator_memory_used_bytes{allocator=\"gateway\"");
        }
    }
}
