package dev.phasegate.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.phasegate.admin.json.AdminJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: status, content type, body and extra headers. */
public record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json; charset=utf-8";

    public AdminResponse {
        headers = Map.copyOf(headers);
    }

    /** {@code value} serialised with the shared mapper. */
    public static AdminResponse json(int status, Object value) {
        try {
            return new AdminResponse(status, JSON, AdminJson.mapper().writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable: " + e.getMessage(), e);
        }
    }

    public static AdminResponse ok(Object value) {
        return json(200, value);
    }

    public static AdminResponse text(int status, String contentType, String text) {
        return new AdminResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static AdminResponse noContent() {
        return new AdminResponse(204, null, new byte[0], Map.of());
    }

    /**
     * The error shape of the whole API: {@code {"error": code, "message": text, "detail": value}}.
     */
    public static AdminResponse error(int status, String error, String message, Object detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (message != null) {
            body.put("message", message);
        }
        body.put("detail", detail == null ? message : detail);
        return json(status, body);
    }

    public AdminResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new AdminResponse(status, contentType, body, copy);
    }
}
