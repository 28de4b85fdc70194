package dev.phasegate.admin.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasegate.admin.json.AdminJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Calls the admin API. Every method returns the response body as a JSON tree, or throws
 * {@link AdminClientException} with the API's error code, message and detail.
 */
public final class AdminClient {

    /** Where the admin API listens by default. */
    public static final String DEFAULT_URL = "http://127.0.0.1:8543";
    /** The environment variable holding the token. */
    public static final String TOKEN_ENV = "PHASEGATE_ADMIN_TOKEN";

    private final URI base;
    private final String token;
    private final String actor;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    {@code http://host:port} of the admin API
     * @param token   the bearer token, or {@code null} (only {@code /health} and {@code /metrics} then work)
     * @param actor   the name recorded as "who" in history and audit, or {@code null}
     */
    public AdminClient(URI base, String token, String actor, Duration timeout) {
        String text = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.actor = actor;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A client for {@code url} with the token given, else from {@code PHASEGATE_ADMIN_TOKEN}; actor is the OS user. */
    public static AdminClient of(String url, String token) {
        String t = token != null && !token.isBlank() ? token : System.getenv(TOKEN_ENV);
        return new AdminClient(URI.create(url == null || url.isBlank() ? DEFAULT_URL : url), t,
                System.getProperty("user.name"), Duration.ofSeconds(30));
    }

    public URI base() {
        return base;
    }

    // --- endpoints --------------------------------------------------------------------------------

    public JsonNode columns() {
        return get("/api/v1/columns");
    }

    public JsonNode column(String id) {
        return get("/api/v1/columns/" + segment(id));
    }

    /** Registers a column from a body with {@code id}, {@code type}, {@code source}, {@code up}, {@code down}, … */
    public JsonNode register(JsonNode body) {
        return send("POST", "/api/v1/columns", body);
    }

    public JsonNode changePhase(String id, String phase, String reason, boolean force) {
        ObjectNode body = AdminJson.mapper().createObjectNode().put("phase", phase);
        if (reason != null) {
            body.put("reason", reason);
        }
        if (force) {
            body.put("force", true);
        }
        return send("POST", "/api/v1/columns/" + segment(id) + "/phase", body);
    }

    public JsonNode rollback(String id, String reason, boolean force) {
        ObjectNode body = AdminJson.mapper().createObjectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        if (force) {
            body.put("force", true);
        }
        return send("POST", "/api/v1/columns/" + segment(id) + "/rollback", body);
    }

    public JsonNode delete(String id, String reason) {
        ObjectNode body = AdminJson.mapper().createObjectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        return send("DELETE", "/api/v1/columns/" + segment(id), body);
    }

    /** Recent audit records, newest first; every filter may be {@code null}. */
    public JsonNode audit(String column, String action, String since, Integer limit) {
        Map<String, String> query = new LinkedHashMap<>();
        if (column != null) {
            query.put("column", column);
        }
        if (action != null) {
            query.put("action", action);
        }
        if (since != null) {
            query.put("since", since);
        }
        if (limit != null) {
            query.put("limit", limit.toString());
        }
        return get("/api/v1/audit" + query(query));
    }

    public JsonNode sessions() {
        return get("/api/v1/sessions");
    }

    public JsonNode rewrite(String sql, Map<String, String> phases) {
        return rewrite(sql, phases, null);
    }

    /** {@code POST /api/v1/rewrite}; {@code searchPath} as {@code SET search_path} lists schemas, or null. */
    public JsonNode rewrite(String sql, Map<String, String> phases, String searchPath) {
        ObjectNode body = AdminJson.mapper().createObjectNode().put("sql", sql);
        if (phases != null && !phases.isEmpty()) {
            ObjectNode p = body.putObject("phases");
            phases.forEach(p::put);
        }
        if (searchPath != null) {
            body.put("searchPath", searchPath);
        }
        return send("POST", "/api/v1/rewrite", body);
    }

    /** {@code /health}; answers (rather than throws) for 503 too, since "not ready" is an answer. */
    public JsonNode health() {
        return call("GET", "/health", null, true);
    }

    // --- generic, for endpoints added later (backfill, verify, schema) ------------------------------

    public JsonNode get(String path) {
        return call("GET", path, null, false);
    }

    public JsonNode send(String method, String path, JsonNode body) {
        return call(method, path, body, false);
    }

    /** A path segment with reserved characters escaped. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        return "?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private JsonNode call(String method, String path, JsonNode body, boolean acceptUnavailable) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(AdminJson.mapper().writeValueAsBytes(body)));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (actor != null && !actor.isBlank()) {
            request.header("X-Phasegate-Actor", actor);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new AdminClientException(0, "unreachable", "cannot reach the admin API at " + base
                    + " (is the gateway running? set --admin)", null, e);
        } catch (HttpTimeoutException e) {
            throw new AdminClientException(0, "timeout", "the admin API at " + base + " did not answer within "
                    + timeout.toSeconds() + " s", null, e);
        } catch (IOException e) {
            throw new AdminClientException(0, "unreachable", "cannot talk to the admin API at " + base + ": "
                    + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminClientException(0, "interrupted", "interrupted", null, e);
        }
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status / 100 == 2 || (acceptUnavailable && status == 503 && json != null)) {
            return json == null ? AdminJson.mapper().createObjectNode() : json;
        }
        String error = json != null && json.hasNonNull("error") ? json.get("error").asText() : "http_" + status;
        String message = json != null && json.hasNonNull("message") ? json.get("message").asText()
                : json != null && json.hasNonNull("detail") && json.get("detail").isTextual()
                ? json.get("detail").asText() : "HTTP " + status + " from " + method + " " + path;
        if (status == 401 && token == null) {
            message += " (no token given: pass --token or set " + TOKEN_ENV + ")";
        }
        throw new AdminClientException(status, error, message, json == null ? null : json.get("detail"), null);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return AdminJson.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
