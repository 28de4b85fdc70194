package dev.phasegate.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.admin.metrics.PhasegateMetrics;
import dev.phasegate.admin.service.ColumnService;
import dev.phasegate.admin.service.GuardRailFactsSource;
import dev.phasegate.admin.service.SessionDirectory;
import dev.phasegate.admin.store.ConfigSeeder;
import dev.phasegate.admin.store.DatabasePhaseStore;
import dev.phasegate.admin.store.SnapshotFeed;
import dev.phasegate.config.AuditConfig;
import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.HostPort;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.testing.PostgresExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminApiIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final String TOKEN = "test-token-123";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static DatabasePhaseStore store;
    private static SnapshotFeed feed;
    private static AuditLog audit;
    private static PhasegateMetrics metrics;
    private static ColumnService service;
    private static AdminServer server;
    private static int counter;

    @BeforeAll
    static void start() {
        store = DatabasePhaseStore.open(PG.jdbcUrl(), PG.user(), PG.password(), Duration.ofSeconds(2),
                Clock.systemUTC());
        ManagedColumn declared = ManagedColumn.declared(ColumnId.parse("public.users.seeded"), "text", "email",
                null, null, null);
        ConfigSeeder.seed(store, List.of(declared), "test.yaml");
        feed = new SnapshotFeed(store, Duration.ofMillis(200), Clock.systemUTC()).start();
        audit = new AuditLog(new AuditConfig(null, true, 4096, 1, 1024, 1024), "gw-it", Duration.ofHours(1),
                Clock.systemUTC()).start();
        metrics = new PhasegateMetrics();
        GuardRailConfig rails = new GuardRailConfig(Duration.ofMinutes(10), 1000, Duration.ofMinutes(10));
        service = new ColumnService(store, GuardRailFactsSource.compose(ColumnService.defaultFacts(store, audit, rails)),
                rails, audit, metrics, Clock.systemUTC());
        service.onChange(feed::refresh);
        service.configReport(ConfigSeeder.seed(store, List.of(new ManagedColumn(declared.id(), "varchar(10)",
                "email", null, null, null, Phase.HIDDEN, 1)), "test.yaml"));
        server = AdminServer.builder()
                .listen(new HostPort("127.0.0.1", 0))
                .token(AdminToken.of(TOKEN))
                .columns(service).feed(feed).audit(audit).metrics(metrics)
                .gatewayId("gw-it")
                .maxBodyBytes(4096)
                .rewritePreviewer((sql, snapshot, searchPath) -> {
                    // A stand-in for the gateway's rewriter: echoes what it was given, in the plan's shape.
                    ObjectNode plan = AdminJson.mapper().createObjectNode();
                    plan.put("sql", sql + " /* v" + snapshot.version() + " " + snapshot.columns().stream()
                            .map(c -> c.id() + "=" + c.phase()).toList() + " path " + searchPath + " */");
                    plan.put("changed", true).put("statement", "select");
                    plan.putArray("columns").addObject().put("id", "public.users.seeded").put("action", "defaulted");
                    plan.putObject("resultFilter");
                    plan.putNull("error");
                    return plan;
                })
                .sessions(() -> List.of(new SessionDirectory.ClientSession("app", "shop", "billing",
                        "10.0.0.7:5555", Instant.parse("2024-05-01T12:00:00Z"), 42, "tenant_a, public", true)))
                .route(Route.get("/api/v1/columns/{id}/boom", request -> {
                    throw new IllegalStateException("secret internals");
                }))
                .route(Route.get("/api/v1/columns/{id}/echo", request ->
                        AdminResponse.ok(java.util.Map.of("id", request.columnId().toString()))))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        feed.close();
        audit.close();
        metrics.close();
        store.close();
    }

    private static String newId() {
        return "public.users.col_" + (++counter);
    }

    record Reply(int status, JsonNode json, HttpResponse<String> raw) {
    }

    private static Reply call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("X-Phasegate-Actor", "alice");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            json = AdminJson.mapper().readTree(response.body());
        }
        return new Reply(response.statusCode(), json, response);
    }

    private static Reply call(String method, String path, String body) throws Exception {
        return call(method, path, body, TOKEN);
    }

    private static String register(String id) throws Exception {
        Reply r = call("POST", "/api/v1/columns", "{\"id\":\"" + id + "\",\"type\":\"text\",\"source\":\"email\","
                + "\"up\":\"lower(email)\",\"reason\":\"normalise\"}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return id;
    }

    // --- authentication ---------------------------------------------------------------------------

    @Test
    void apiCallsWithoutTheTokenAre401() throws Exception {
        Reply r = call("GET", "/api/v1/columns", null, null);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer"));
    }

    @Test
    void aWrongTokenIs401() throws Exception {
        assertThat(call("GET", "/api/v1/columns", null, "test-token-124").status()).isEqualTo(401);
        assertThat(call("POST", "/api/v1/columns/public.users.x/phase", "{\"phase\":\"write\"}", "nope").status())
                .isEqualTo(401);
    }

    @Test
    void unknownApiPathsAre401WithoutTokenAnd404WithIt() throws Exception {
        assertThat(call("GET", "/api/v1/nothing", null, null).status()).isEqualTo(401);
        Reply r = call("GET", "/api/v1/nothing", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("not_found");
    }

    // --- health and metrics -----------------------------------------------------------------------

    @Test
    void healthNeedsNoTokenAndReportsTheStore() throws Exception {
        Reply r = call("GET", "/health", null, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ready");
        JsonNode storeCheck = r.json().get("checks").get("phaseStore");
        assertThat(storeCheck.get("ready").asBoolean()).isTrue();
        assertThat(storeCheck.get("detail").get("snapshotVersion").asLong()).isEqualTo(feed.current().version());
        assertThat(storeCheck.get("detail").get("snapshotAgeMillis").asLong()).isLessThan(5000);
        assertThat(call("GET", "/health/live", null, null).status()).isEqualTo(200);
    }

    @Test
    void metricsNeedNoTokenAndArePrometheusText() throws Exception {
        call("GET", "/api/v1/columns", null);

        Reply r = call("GET", "/metrics", null, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/plain"));
        assertThat(r.raw().body()).contains("phasegate_admin_requests_total{method=\"GET\",status=\"200\"}")
                .contains("phasegate_jvm_memory_used_bytes");
    }

    @Test
    void aFailingHealthCheckMakesHealth503() throws Exception {
        try (AdminServer other = AdminServer.builder().listen(new HostPort("127.0.0.1", 0)).token(AdminToken.of(TOKEN))
                .healthCheck("upstream", () -> new HealthCheck.Result(false, "connection refused")).start()) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(other.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode json = AdminJson.mapper().readTree(r.body());
            assertThat(json.get("status").asText()).isEqualTo("not_ready");
            assertThat(json.get("checks").get("upstream").get("detail").asText()).isEqualTo("connection refused");
        }
    }

    // --- columns ----------------------------------------------------------------------------------

    @Test
    void registeredColumnsAreListedWithConfigDrift() throws Exception {
        String id = register(newId());

        Reply r = call("GET", "/api/v1/columns", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("version").asLong()).isPositive();
        assertThat(r.json().get("columns").findValuesAsText("id")).contains(id, "public.users.seeded");
        JsonNode seeded = null;
        for (JsonNode c : r.json().get("columns")) {
            if (c.get("id").asText().equals("public.users.seeded")) {
                seeded = c;
            }
        }
        assertThat(seeded.get("configDrift").get("conflict").asBoolean()).isTrue();
        assertThat(seeded.get("configDrift").get("summary").asText()).contains("type: config says 'varchar(10)'");
    }

    @Test
    void aColumnShowsPhaseVersionHistoryCountersAndTheNextStep() throws Exception {
        String id = register(newId());

        Reply r = call("GET", "/api/v1/columns/" + id, null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode c = r.json();
        assertThat(c.get("id").asText()).isEqualTo(id);
        assertThat(c.get("phase").asText()).isEqualTo("hidden");
        assertThat(c.get("version").asLong()).isEqualTo(1);
        assertThat(c.get("up").asText()).isEqualTo("lower(email)");
        assertThat(c.get("history")).hasSize(1);
        assertThat(c.get("history").get(0).get("kind").asText()).isEqualTo("register");
        assertThat(c.get("history").get(0).get("who").asText()).isEqualTo("alice");
        assertThat(c.get("history").get(0).get("reason").asText()).isEqualTo("normalise");
        assertThat(c.get("counters").get("actions").isObject()).isTrue();
        assertThat(c.get("next").get("phase").asText()).isEqualTo("write");
        assertThat(c.get("next").get("allowed").asBoolean()).isFalse();
        assertThat(c.get("next").get("guardRails").get(0).get("rule").asText()).isEqualTo("schema");
        assertThat(c.get("next").get("guardRails").get(0).get("status").asText()).isEqualTo("unknown");
        assertThat(c.has("previous")).isFalse();
    }

    @Test
    void anUnknownColumnIs404() throws Exception {
        Reply r = call("GET", "/api/v1/columns/public.users.nope", null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("not_found");
        assertThat(r.json().get("detail").asText()).contains("public.users.nope");
        assertThat(call("POST", "/api/v1/columns/public.users.nope/phase", "{\"phase\":\"write\"}").status())
                .isEqualTo(404);
    }

    @Test
    void aMalformedColumnIdIs400() throws Exception {
        Reply r = call("GET", "/api/v1/columns/just-one-name", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("bad_column_id");
    }

    @Test
    void badBodiesAre400WithTheReason() throws Exception {
        String id = register(newId());
        String path = "/api/v1/columns/" + id + "/phase";

        Reply notJson = call("POST", path, "{phase: write");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("error").asText()).isEqualTo("bad_body");
        assertThat(notJson.json().get("detail").asText()).contains("not valid JSON");

        Reply unknownField = call("POST", path, "{\"phase\":\"write\",\"reasn\":\"typo\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("detail").asText()).contains("unknown field 'reasn'")
                .contains("allowed: force, phase, reason");

        Reply badPhase = call("POST", path, "{\"phase\":\"writ\"}");
        assertThat(badPhase.status()).isEqualTo(400);
        assertThat(badPhase.json().get("error").asText()).isEqualTo("bad_phase");
        assertThat(badPhase.json().get("detail").asText()).contains("unknown phase 'writ'").contains("hidden, write");

        Reply missing = call("POST", path, "{\"reason\":\"x\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asText()).contains("'phase' is required");

        Reply wrongType = call("POST", path, "{\"phase\":\"write\",\"force\":\"yes\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("detail").asText()).contains("force");

        Reply empty = call("POST", path, "");
        assertThat(empty.status()).isEqualTo(400);

        Reply array = call("POST", path, "[1,2]");
        assertThat(array.status()).isEqualTo(400);
    }

    @Test
    void unmetGuardRailsAre409WithTheList() throws Exception {
        String id = register(newId());

        Reply r = call("POST", "/api/v1/columns/" + id + "/phase", "{\"phase\":\"write\",\"reason\":\"try\"}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("error").asText()).isEqualTo("guard_rails_unmet");
        JsonNode detail = r.json().get("detail");
        assertThat(detail.get("column").asText()).isEqualTo(id);
        assertThat(detail.get("from").asText()).isEqualTo("hidden");
        assertThat(detail.get("to").asText()).isEqualTo("write");
        assertThat(detail.get("unmet")).hasSize(1);
        assertThat(detail.get("unmet").get(0).get("rule").asText()).isEqualTo("schema");
        assertThat(detail.get("unmet").get(0).get("status").asText()).isEqualTo("unknown");
        assertThat(detail.get("unmet").get(0).get("message").asText()).contains("has not been checked");
        assertThat(r.json().get("message").asText()).contains("refused");
    }

    @Test
    void anIllegalStepIs400() throws Exception {
        String id = register(newId());

        Reply r = call("POST", "/api/v1/columns/" + id + "/phase", "{\"phase\":\"read\",\"force\":true,"
                + "\"reason\":\"skip\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("illegal_step");
        assertThat(r.json().get("detail").asText()).contains("one step at a time");
    }

    @Test
    void forceWithoutReasonIs400() throws Exception {
        String id = register(newId());

        Reply r = call("POST", "/api/v1/columns/" + id + "/phase", "{\"phase\":\"write\",\"force\":true}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("reason_required");
    }

    @Test
    void aForcedChangeIs200WithTheNewStateInForceOnThisGateway() throws Exception {
        String id = register(newId());

        Reply r = call("POST", "/api/v1/columns/" + id + "/phase",
                "{\"phase\":\"write\",\"reason\":\"added by hand\",\"force\":true}");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.json().get("phase").asText()).isEqualTo("write");
        assertThat(r.json().get("version").asLong()).isEqualTo(2);
        JsonNode last = r.json().get("history").get(1);
        assertThat(last.get("forced").asBoolean()).isTrue();
        assertThat(last.get("reason").asText()).isEqualTo("added by hand");
        assertThat(last.get("who").asText()).isEqualTo("alice");
        long storeVersion = r.json().get("storeVersion").asLong();
        assertThat(r.json().get("snapshotVersion").asLong()).isGreaterThanOrEqualTo(storeVersion);
        assertThat(feed.current().column(ColumnId.parse(id)).orElseThrow().phase()).isEqualTo(Phase.WRITE);
        assertThat(r.json().get("previous").get("phase").asText()).isEqualTo("hidden");
    }

    @Test
    void rollbackIsOneStepBackAnd409WhenThereIsNone() throws Exception {
        String id = register(newId());
        call("POST", "/api/v1/columns/" + id + "/phase", "{\"phase\":\"write\",\"reason\":\"r\",\"force\":true}");

        Reply back = call("POST", "/api/v1/columns/" + id + "/rollback", "{\"reason\":\"oops\"}");
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().get("phase").asText()).isEqualTo("hidden");
        assertThat(back.json().get("history").get(2).get("kind").asText()).isEqualTo("backward");

        Reply none = call("POST", "/api/v1/columns/" + id + "/rollback", null);
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.json().get("error").asText()).isEqualTo("no_step_back");
    }

    @Test
    void deleteOnlyInHiddenOrComplete() throws Exception {
        String id = register(newId());
        call("POST", "/api/v1/columns/" + id + "/phase", "{\"phase\":\"write\",\"reason\":\"r\",\"force\":true}");

        Reply refused = call("DELETE", "/api/v1/columns/" + id, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("delete_refused");

        call("POST", "/api/v1/columns/" + id + "/rollback", "{}");
        Reply deleted = call("DELETE", "/api/v1/columns/" + id + "?reason=unused", null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asText()).isEqualTo(id);
        assertThat(call("GET", "/api/v1/columns/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void registeringTwiceIs409AndInvalidColumnsAre400() throws Exception {
        String id = register(newId());

        Reply twice = call("POST", "/api/v1/columns", "{\"id\":\"" + id + "\",\"type\":\"text\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("error").asText()).isEqualTo("already_managed");

        Reply noType = call("POST", "/api/v1/columns", "{\"id\":\"" + newId() + "\"}");
        assertThat(noType.status()).isEqualTo(400);
        assertThat(noType.json().get("detail").asText()).contains("'type' is required");

        Reply shadowWithoutSource = call("POST", "/api/v1/columns", "{\"id\":\"" + newId() + "\",\"type\":\"int\","
                + "\"phase\":\"shadow\",\"force\":true,\"reason\":\"x\"}");
        assertThat(shadowWithoutSource.status()).isEqualTo(400);
        assertThat(shadowWithoutSource.json().get("error").asText()).isEqualTo("invalid_column");
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        Reply r = call("PUT", "/api/v1/columns", "{}");

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.json().get("error").asText()).isEqualTo("method_not_allowed");
        assertThat(r.raw().headers().firstValue("Allow")).contains("GET, POST");
    }

    @Test
    void aTooLargeBodyIs413() throws Exception {
        String big = "{\"sql\":\"" + "x".repeat(5000) + "\"}";

        Reply r = call("POST", "/api/v1/rewrite", big);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternals() throws Exception {
        Reply r = call("GET", "/api/v1/columns/public.users.x/boom", null);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("error").asText()).isEqualTo("internal_error");
        assertThat(r.raw().body()).doesNotContain("secret internals").doesNotContain("IllegalStateException")
                .contains("reference");
    }

    @Test
    void extraRoutesReceivePathParameters() throws Exception {
        Reply r = call("GET", "/api/v1/columns/public.users.email/echo", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo("public.users.email");
        assertThat(call("GET", "/api/v1/columns/public.users.email/echo", null, null).status()).isEqualTo(401);
    }

    // --- audit, sessions, rewrite -----------------------------------------------------------------

    @Test
    void adminActionsAreInTheAuditNewestFirst() throws Exception {
        String id = register(newId());
        call("POST", "/api/v1/columns/" + id + "/phase", "{\"phase\":\"write\",\"reason\":\"try\"}");
        call("POST", "/api/v1/columns/" + id + "/phase", "{\"phase\":\"write\",\"reason\":\"now\",\"force\":true}");
        audit.flush(Duration.ofSeconds(30));

        Reply r = call("GET", "/api/v1/audit?column=" + id + "&limit=10", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("records").findValuesAsText("action"))
                .containsExactly("phase_changed", "phase_refused", "registered");
        JsonNode newest = r.json().get("records").get(0);
        assertThat(newest.get("session").get("user").asText()).isEqualTo("alice");
        assertThat(newest.get("detail").asText()).contains("hidden → write").contains("forced");
        assertThat(newest.get("columns").get(0).get("id").asText()).isEqualTo(id);

        Reply filtered = call("GET", "/api/v1/audit?column=" + id + "&action=phase_refused&since=1h", null);
        assertThat(filtered.json().get("count").asInt()).isEqualTo(1);
        Reply limited = call("GET", "/api/v1/audit?column=" + id + "&limit=1", null);
        assertThat(limited.json().get("records")).hasSize(1);
    }

    @Test
    void badAuditQueriesAre400() throws Exception {
        assertThat(call("GET", "/api/v1/audit?action=nope", null).json().get("detail").asText())
                .contains("unknown audit action 'nope'");
        assertThat(call("GET", "/api/v1/audit?limit=zero", null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/audit?since=yesterday", null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/audit?column=x", null).status()).isEqualTo(400);
    }

    @Test
    void sessionsComeFromTheDirectory() throws Exception {
        Reply r = call("GET", "/api/v1/sessions", null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json().get("sessions").get(0);
        assertThat(s.get("user").asText()).isEqualTo("app");
        assertThat(s.get("database").asText()).isEqualTo("shop");
        assertThat(s.get("applicationName").asText()).isEqualTo("billing");
        assertThat(s.get("address").asText()).isEqualTo("10.0.0.7:5555");
        assertThat(s.get("since").asText()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(s.get("statements").asLong()).isEqualTo(42);
        assertThat(s.get("searchPath").asText()).isEqualTo("tenant_a, public");
        assertThat(s.get("relayed").asBoolean()).isTrue();
    }

    @Test
    void rewritePreviewUsesTheSnapshotWithWhatIfPhases() throws Exception {
        Reply plain = call("POST", "/api/v1/rewrite", "{\"sql\":\"SELECT seeded FROM users\"}");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.json().get("sql").asText()).contains("public.users.seeded=hidden");
        assertThat(plain.json().get("changed").asBoolean()).isTrue();
        assertThat(plain.json().get("statement").asText()).isEqualTo("select");
        assertThat(plain.json().get("columns").get(0).get("action").asText()).isEqualTo("defaulted");
        assertThat(plain.json().has("error")).isTrue();
        assertThat(plain.json().has("resultFilter")).isTrue();

        Reply whatIf = call("POST", "/api/v1/rewrite", "{\"sql\":\"SELECT 1\",\"phases\":{\"public.users.seeded\":"
                + "\"shadow\"}}");
        assertThat(whatIf.json().get("sql").asText()).contains("public.users.seeded=shadow");
        assertThat(store.find(ColumnId.parse("public.users.seeded")).orElseThrow().phase()).isEqualTo(Phase.HIDDEN);
        assertThat(plain.json().get("sql").asText()).as("no searchPath: the configured one").contains("path null");
        Reply tenant = call("POST", "/api/v1/rewrite", "{\"sql\":\"SELECT 1\",\"searchPath\":\"Tenant_A, \\\"B\\\"\"}");
        assertThat(tenant.json().get("sql").asText()).as("folded as PostgreSQL folds names").contains("path [tenant_a, B]");

        assertThat(call("POST", "/api/v1/rewrite", "{\"sql\":\"SELECT 1\",\"phases\":{\"public.users.zzz\":"
                + "\"write\"}}").json().get("detail").asText()).contains("not a managed column");
        assertThat(call("POST", "/api/v1/rewrite", "{\"phases\":{}}").status()).isEqualTo(400);
    }

    @Test
    void requestsOnOneConnectionAreAnsweredInOrder() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/columns/"
                    + "public.users.n" + i + "/echo")).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(futures.get(i).get().body()).contains("public.users.n" + i);
        }
    }
}
