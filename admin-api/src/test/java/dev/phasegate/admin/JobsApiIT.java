package dev.phasegate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.admin.client.AdminClientException;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.testing.PostgresExtension;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The jobs as an operator reaches them: through the admin API of a started control plane. */
class JobsApiIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, email_lower text)",
            "INSERT INTO users SELECT i, 'User' || i || '@Example.COM', NULL FROM generate_series(1, 5000) i");

    private static final String ID = "public.users.email_lower";

    private PhasegateConfig config() {
        return ConfigLoader.parse("""
                upstream: {host: %s, port: %d, database: %s, user: %s, password: "%s"}
                admin: {listen: "127.0.0.1:0", token: jobs-token}
                backfill: {batchSize: 700}
                columns:
                  - {id: %s, type: text, source: email, up: lower(email)}
                """.formatted(PG.host(), PG.port(), PG.database(), PG.user(), PG.password(), ID),
                "jobs.yaml", Map.of());
    }

    @Test
    void backfillVerifyAndSchemaDriveTheGuardRails() throws Exception {
        try (ControlPlane plane = ControlPlane.builder(config()).gatewayId("gw-jobs")
                .extension(new JobsExtension()).start()) {
            AdminClient api = new AdminClient(URI.create(plane.server().baseUrl()), "jobs-token", "ops",
                    Duration.ofSeconds(10));
            String column = "/api/v1/columns/" + ID;

            JsonNode schema = api.get(column + "/schema");
            assertThat(schema.toString()).contains("email_lower");
            assertThat(api.changePhase(ID, "write", "column exists", false).get("phase").asText()).isEqualTo("write");

            assertThatThrownBy(() -> api.changePhase(ID, "shadow", "too early", false))
                    .isInstanceOfSatisfying(AdminClientException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.detail().toString()).contains("backfill");
                    });

            JsonNode started = api.send("POST", column + "/backfill",
                    AdminJson.mapper().readTree("{\"batchSize\": 1000}"));
            assertThat(started.get("column").asText()).isEqualTo(ID);
            JsonNode status = awaitState(api, column + "/backfill", "done");
            assertThat(status.get("rowsUpdated").asLong()).isEqualTo(5000);

            assertThat(api.changePhase(ID, "shadow", "backfilled", false).get("phase").asText()).isEqualTo("shadow");

            api.send("POST", column + "/verify", AdminJson.mapper().readTree("{\"waitForResult\": true}"));
            JsonNode verified = awaitState(api, column + "/verify", "done");
            assertThat(verified.get("mismatches").asLong()).isZero();

            try (Connection c = PG.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM users WHERE email_lower IS DISTINCT FROM lower(email)")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }

            assertThatThrownBy(() -> api.get("/api/v1/columns/public.users.nope/backfill"))
                    .isInstanceOfSatisfying(AdminClientException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    private static JsonNode awaitState(AdminClient api, String path, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = api.get(path);
        while (!state.equals(last.path("state").asText()) && System.nanoTime() < deadline) {
            assertThat(last.path("state").asText()).isNotIn("failed", "cancelled");
            Thread.sleep(100);
            last = api.get(path);
        }
        assertThat(last.path("state").asText()).as(last.toString()).isEqualTo(state);
        return last;
    }
}
