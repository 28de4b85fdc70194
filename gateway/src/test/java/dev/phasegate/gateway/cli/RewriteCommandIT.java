package dev.phasegate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.config.ConfigLoader;
import dev.phasegate.gateway.runtime.PhasegateRuntime;
import dev.phasegate.testing.PostgresExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code phasegate rewrite}: the offline preview, with the catalog read from a real PostgreSQL. */
class RewriteCommandIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, email_normalized text)",
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, amount numeric(12,2))",
            "CREATE SCHEMA tenant_b",
            "CREATE TABLE tenant_b.users (id bigint PRIMARY KEY, email text, name text, email_normalized text)");

    private static final String ID = "public.users.email_normalized";

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("phasegate.yml");
        Files.writeString(config, """
                upstream: {host: %s, port: %d, database: %s, user: %s, password: "%s"}
                columns:
                  - {id: %s, type: text, source: email, up: lower(email), down: email_normalized}
                """.formatted(PG.host(), PG.port(), PG.database(), PG.user(), PG.password(), ID));
    }

    private JsonNode json(CliRun r) throws Exception {
        assertThat(r.exit()).as(r.toString()).isZero();
        return AdminJson.mapper().readTree(r.out());
    }

    @Test
    void anUnmanagedStatementIsSentExactlyAsWritten() throws Exception {
        String sql = "select o.id,  o.amount   FROM orders o WHERE o.user_id = $1 -- keep me";

        JsonNode plan = json(CliRun.run("rewrite", "-c", config.toString(), "--sql", sql, "--json"));

        assertThat(plan.get("sql").asText()).isEqualTo(sql);
        assertThat(plan.get("changed").asBoolean()).isFalse();
        assertThat(plan.get("columns")).isEmpty();
        assertThat(plan.get("error").isNull()).isTrue();
        assertThat(plan.get("resultFilter").get("droppedColumns")).isEmpty();
    }

    @Test
    void jsonHasExactlyTheDocumentedFields() throws Exception {
        JsonNode plan = json(CliRun.run("rewrite", "-c", config.toString(), "--sql", "SELECT 1", "--json"));

        assertThat(plan.fieldNames()).toIterable().containsExactly("sql", "changed", "statement", "columns",
                "resultFilter", "parameterMap", "error");
    }

    @Test
    void theConfigPhaseHidesTheNewColumnFromStar() throws Exception {
        JsonNode plan = json(CliRun.run("rewrite", "-c", config.toString(), "--sql",
                "SELECT * FROM users WHERE id = $1", "--json"));

        assertThat(plan.get("sql").asText()).isEqualTo("SELECT id, email, name FROM users WHERE id = $1");
        assertThat(plan.get("changed").asBoolean()).isTrue();
        assertThat(plan.get("statement").asText()).isEqualTo("select");
        assertThat(plan.get("columns").get(0).get("id").asText()).isEqualTo(ID);
        assertThat(plan.get("columns").get(0).get("action").asText()).isEqualTo("stripped");
    }

    @Test
    void aPhaseOverrideShowsTheDualWrite() throws Exception {
        JsonNode plan = json(CliRun.run("rewrite", "-c", config.toString(), "--phase", "users.email_normalized=write",
                "--sql", "UPDATE users SET email = $1 WHERE id = $2", "--json"));

        assertThat(plan.get("sql").asText()).isEqualTo(
                "UPDATE users SET email = $1, email_normalized = lower($1::text) WHERE id = $2");
        assertThat(plan.get("statement").asText()).isEqualTo("update");
        assertThat(plan.get("columns").get(0).get("action").asText()).isEqualTo("rewritten");
    }

    @Test
    void shadowReadsReportTheirResultFilter() throws Exception {
        JsonNode plan = json(CliRun.run("rewrite", "-c", config.toString(), "--phase", ID + "=shadow",
                "--sql", "SELECT id, email FROM users WHERE id = $1", "--json"));

        JsonNode checks = plan.get("resultFilter").get("shadowChecks");
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).get("column").asText()).isEqualTo(ID);
        assertThat(checks.get(0).get("expression").asText()).contains("email_normalized").contains("lower(");
        assertThat(plan.get("sql").asText()).endsWith("FROM users WHERE id = $1");
    }

    @Test
    void strippingAnAssignmentReportsTheParameterMap() throws Exception {
        JsonNode plan = json(CliRun.run("rewrite", "-c", config.toString(), "--sql",
                "UPDATE users SET email_normalized = $1, name = $2 WHERE id = $3", "--json"));

        assertThat(plan.get("sql").asText()).isEqualTo("UPDATE users SET name = $1 WHERE id = $2");
        JsonNode map = plan.get("parameterMap");
        assertThat(map.get("originalCount").asInt()).isEqualTo(3);
        assertThat(map.get("newCount").asInt()).isEqualTo(2);
        assertThat(map.get("mapping").get("$1").isNull()).isTrue();
        assertThat(map.get("mapping").get("$3").asText()).isEqualTo("$2");
    }

    @Test
    void aRejectedStatementHasNoSqlAndItsSqlstate() throws Exception {
        JsonNode plan = json(CliRun.run("rewrite", "-c", config.toString(), "--phase", ID + "=write",
                "--sql", "COPY users (id, email) FROM STDIN", "--json"));

        assertThat(plan.get("sql").isNull()).isTrue();
        assertThat(plan.get("changed").asBoolean()).isFalse();
        assertThat(plan.get("error").get("sqlstate").asText()).isEqualTo("0A000");
        assertThat(plan.get("error").get("message").asText()).contains("email_normalized");
        assertThat(plan.get("columns").get(0).get("action").asText()).isEqualTo("rejected");
    }

    @Test
    void theReadableFormShowsPhasesSqlAndActions() {
        CliRun r = CliRun.run("rewrite", "-c", config.toString(), "--phase", ID + "=write",
                "--sql", "INSERT INTO users (id, email) VALUES ($1, $2)");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("phases      public.users.email_normalized write (--phase)")
                .contains("the phase store is not consulted")
                .contains("statement   insert: rewritten")
                .contains("    INSERT INTO users (id, email, email_normalized) VALUES ($1, $2, lower($2::text))")
                .containsPattern("public\\.users\\.email_normalized\\s+write\\s+rewritten\\s+source");
    }

    @Test
    void theReadableFormOfARejection() {
        CliRun r = CliRun.run("rewrite", "-c", config.toString(), "--phase", ID + "=write",
                "--sql", "COPY users (id, email) FROM STDIN");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("statement   copy: rejected").contains("error       SQLSTATE 0A000: ")
                .contains("sends       nothing: the client gets this error");
    }

    @Test
    void aPhaseForAnUndeclaredColumnIsAUsageError() {
        CliRun r = CliRun.run("rewrite", "-c", config.toString(), "--phase", "users.nickname=write", "--sql", "SELECT 1");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--phase names public.users.nickname, which " + config
                + " does not declare; declared: " + ID);
    }

    @Test
    void anUnknownPhaseIsAUsageError() {
        CliRun r = CliRun.run("rewrite", "-c", config.toString(), "--phase", ID + "=writ", "--sql", "SELECT 1");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown phase 'writ'; expected one of hidden, write");
    }

    @Test
    void anUnreachableUpstreamIsExplained() throws Exception {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, """
                upstream: {host: 127.0.0.1, port: 1, database: nope, user: nobody, connectTimeout: 2s}
                """);

        CliRun r = CliRun.run("rewrite", "-c", broken.toString(), "--sql", "SELECT 1");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot read the catalog from the upstream "
                + "jdbc:postgresql://127.0.0.1:1/nope as nobody").doesNotContain("\tat ");
    }

    @Test
    void aSearchPathDecidesWhichTableAnUnqualifiedNameIs() throws Exception {
        JsonNode tenant = json(CliRun.run("rewrite", "-c", config.toString(), "--search-path", "Tenant_B, public",
                "--sql", "SELECT * FROM users", "--json"));
        assertThat(tenant.get("changed").asBoolean()).as("tenant_b.users is not managed").isFalse();
        JsonNode configured = json(CliRun.run("rewrite", "-c", config.toString(), "--search-path", "public",
                "--sql", "SELECT * FROM users", "--json"));
        assertThat(configured.get("sql").asText()).isEqualTo("SELECT id, email, name FROM users");

        CliRun readable = CliRun.run("rewrite", "-c", config.toString(), "--search-path", "tenant_b, public",
                "--sql", "SELECT * FROM users");
        assertThat(readable.out()).contains("search path tenant_b, public (--search-path)");
    }

    @Test
    void theAdminApiAnswersWithTheSameObjectAsTheJsonForm() throws Exception {
        // A running gateway on the same configuration: POST /api/v1/rewrite must be what
        // `rewrite --json` prints, field for field, for a change, a rejection, a result filter and
        // a statement that touches nothing, in the configured phase and in what-if phases.
        String yaml = Files.readString(config) + """
                listen: 127.0.0.1:0
                admin: {listen: 127.0.0.1:0, token: api-token}
                """;
        String[][] cases = {
                {"SELECT * FROM users WHERE id = $1", null},
                {"UPDATE users SET email_normalized = $1, name = $2 WHERE id = $3", null},
                {"UPDATE users SET email = $1 WHERE id = $2", "write"},
                {"COPY users (id, email) FROM STDIN", "write"},
                {"SELECT email_normalized FROM users; SELECT 1", "shadow"},
                {"select o.id FROM orders o -- keep me", "read"},
        };
        try (PhasegateRuntime runtime = PhasegateRuntime.builder(ConfigLoader.parse(yaml, "test", Map.of()))
                .gatewayId("gw-rewrite").shutdownGrace(Duration.ofSeconds(1)).start()) {
            AdminClient api = new AdminClient(URI.create(runtime.adminUrl()), "api-token", "test", Duration.ofSeconds(30));
            for (String[] c : cases) {
                CliRun cli = c[1] == null
                        ? CliRun.run("rewrite", "-c", config.toString(), "--sql", c[0], "--json")
                        : CliRun.run("rewrite", "-c", config.toString(), "--phase", ID + "=" + c[1], "--sql", c[0], "--json");
                JsonNode answer = api.rewrite(c[0], c[1] == null ? Map.of() : Map.of(ID, c[1]));
                assertThat(answer).as("%s in %s", c[0], c[1]).isEqualTo(json(cli));
            }
            assertThat(api.rewrite("SELECT * FROM users", Map.of(), "tenant_b")).isEqualTo(json(CliRun.run("rewrite",
                    "-c", config.toString(), "--search-path", "tenant_b", "--sql", "SELECT * FROM users", "--json")));
        }
    }
}
