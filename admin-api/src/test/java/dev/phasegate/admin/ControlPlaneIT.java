package dev.phasegate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.admin.http.AdminResponse;
import dev.phasegate.admin.http.AdminToken;
import dev.phasegate.admin.http.HealthCheck;
import dev.phasegate.admin.http.Route;
import dev.phasegate.admin.service.GuardRailFactsSource;
import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailFacts;
import dev.phasegate.testing.PostgresExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlPlaneIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final ColumnId EMAIL = ColumnId.parse("public.users.email_lower");

    private PhasegateConfig config() {
        String yaml = """
                upstream:
                  host: %s
                  port: %d
                  database: %s
                  user: %s
                  password: "%s"
                admin:
                  listen: 127.0.0.1:0
                  token: plane-token
                store:
                  pollInterval: 200ms
                columns:
                  - id: public.users.email_lower
                    type: text
                    source: email
                    up: lower(email)
                """.formatted(PG.host(), PG.port(), PG.database(), PG.user(), PG.password());
        return ConfigLoader.parse(yaml, "plane.yaml", Map.of());
    }

    /** Stands in for the jobs: a schema fact, a route and a health check. */
    private static final class FakeJobs implements ControlPlaneExtension {
        boolean closed;

        @Override
        public List<GuardRailFactsSource> factsSources(ControlPlane.Parts parts) {
            return List.of((column, facts) -> facts.withSchema(new GuardRailFacts.SchemaFact(true, List.of())));
        }

        @Override
        public List<Route> routes(ControlPlane.Parts parts) {
            return List.of(Route.get("/api/v1/columns/{id}/schema", request -> AdminResponse.ok(Map.of(
                    "column", request.columnId().toString(),
                    "phase", parts.columns().describe(request.columnId()).column().phase().wireName()))));
        }

        @Override
        public Map<String, HealthCheck> healthChecks(ControlPlane.Parts parts) {
            return Map.of("jobs", () -> new HealthCheck.Result(true, "idle"));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void startsFromConfigSeedsAndServesWithExtensions() throws Exception {
        FakeJobs jobs = new FakeJobs();
        try (ControlPlane plane = ControlPlane.builder(config()).gatewayId("gw-1").extension(jobs).start()) {
            assertThat(plane.seedReport().seeded()).containsExactly(EMAIL);
            assertThat(plane.feed().current().column(EMAIL)).isPresent();
            AdminClient client = new AdminClient(URI.create(plane.server().baseUrl()), "plane-token", "ops",
                    Duration.ofSeconds(10));

            // The jobs' schema fact meets the write guard rail.
            JsonNode moved = client.changePhase(EMAIL.toString(), "write", "schema checked", false);
            assertThat(moved.get("phase").asText()).isEqualTo("write");
            assertThat(plane.feed().current().column(EMAIL).orElseThrow().phase()).isEqualTo(Phase.WRITE);

            assertThat(client.get("/api/v1/columns/" + EMAIL + "/schema").get("phase").asText()).isEqualTo("write");
            JsonNode health = client.health();
            assertThat(health.get("ready").asBoolean()).isTrue();
            assertThat(health.get("checks").get("jobs").get("detail").asText()).isEqualTo("idle");
            assertThat(plane.metrics().scrape()).contains("phasegate_phase_store_ready 1.0")
                    .contains("phasegate_phase_changes_total{column=\"public.users.email_lower\",forced=\"false\","
                            + "kind=\"forward\"} 1.0");
        }
        assertThat(jobs.closed).isTrue();
    }

    @Test
    void aRestartKeepsPhasesAndHistoryAndReportsConfigDifferences() throws Exception {
        try (ControlPlane plane = ControlPlane.builder(config()).token(AdminToken.of("t")).start()) {
            plane.columns().changePhase(EMAIL, Phase.WRITE, "by hand", true,
                    new dev.phasegate.admin.service.Actor("ops", null));
        }

        try (ControlPlane plane = ControlPlane.builder(config()).start()) {
            assertThat(plane.seedReport().seeded()).isEmpty();
            assertThat(plane.seedReport().driftOf(EMAIL)).hasValueSatisfying(d -> {
                assertThat(d.definitionConflict()).isFalse();
                assertThat(d.describe()).contains("phase: config says 'hidden', store has 'write'");
            });
            assertThat(plane.feed().current().column(EMAIL).orElseThrow().phase()).isEqualTo(Phase.WRITE);
            assertThat(plane.store().history(EMAIL)).extracting(c -> c.who()).contains("config", "ops");
            AdminClient client = new AdminClient(URI.create(plane.server().baseUrl()), "plane-token", null,
                    Duration.ofSeconds(10));
            assertThat(client.columns().get("columns").get(0).get("configDrift").get("conflict").asBoolean()).isFalse();
        }
    }
}
