package dev.phasegate.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.admin.service.Actor;
import dev.phasegate.admin.service.ServiceException;
import dev.phasegate.config.column.ColumnId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An HTTP request as routes see it: already aggregated, decoded and detached from Netty.
 *
 * @param method     upper-case method
 * @param path       decoded path without query, no trailing slash
 * @param pathParams values of the route pattern's {@code {name}} segments
 * @param query      decoded query parameters
 * @param headers    header values by lower-case name (the last one wins)
 * @param body       the body bytes (empty when none)
 * @param remote     the client's {@code host:port}
 */
public record AdminRequest(String method, String path, Map<String, String> pathParams,
                           Map<String, List<String>> query, Map<String, String> headers, byte[] body, String remote) {

    /** Header an admin client may send to name the operator in history and audit. */
    public static final String ACTOR_HEADER = "x-phasegate-actor";

    public AdminRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    AdminRequest withPathParams(Map<String, String> params) {
        return new AdminRequest(method, path, params, query, headers, body, remote);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** A path parameter of the matched route. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no path parameter {" + name + "}");
        }
        return value;
    }

    /** The path parameter {@code {id}} as a column id; BAD_REQUEST when malformed. */
    public ColumnId columnId() {
        return parseColumnId(pathParam("id"));
    }

    public static ColumnId parseColumnId(String text) {
        try {
            return ColumnId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("bad_column_id", e.getMessage());
        }
    }

    /** The single value of a query parameter; BAD_REQUEST when given twice. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ServiceException.badRequest("bad_query", "query parameter '" + name + "' is given "
                    + values.size() + " times");
        }
        return Optional.of(values.get(0));
    }

    public boolean hasBody() {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The body parsed strictly into {@code type}: unknown fields, wrong types and malformed JSON
     * are BAD_REQUEST ({@code bad_body}) with a reason naming the field.
     */
    public <T> T body(Class<T> type) {
        if (!hasBody()) {
            throw ServiceException.badRequest("bad_body", "a JSON object body is required");
        }
        try {
            return AdminJson.mapper().readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw ServiceException.badRequest("bad_body", "unknown field '" + e.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : "; allowed: " + known));
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining("."));
            String what = e.getOriginalMessage();
            int cut = what.indexOf('\n');
            what = cut > 0 ? what.substring(0, cut) : what;
            throw ServiceException.badRequest("bad_body", field.isEmpty() ? "the body must be a JSON object: " + what
                    : "field '" + field + "': " + simplify(what));
        } catch (JsonProcessingException e) {
            throw ServiceException.badRequest("bad_body", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ServiceException.badRequest("bad_body", "the body cannot be read: " + e.getMessage());
        }
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Who is asking: the {@code X-Phasegate-Actor} header (sanitised) or {@code admin}, and from where. */
    public Actor actor() {
        String name = header(ACTOR_HEADER).map(AdminRequest::sanitise).filter(s -> !s.isEmpty()).orElse("admin");
        return new Actor(name, remote);
    }

    private static String sanitise(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 64; i++) {
            char c = value.charAt(i);
            if (!Character.isISOControl(c)) {
                sb.append(c);
            }
        }
        return sb.toString().strip();
    }

    private static String simplify(String jacksonMessage) {
        // "Cannot deserialize value of type `java.lang.Boolean` from String "yes": ..." → shorter words
        return jacksonMessage.replace("`java.lang.Boolean`", "boolean").replace("`java.lang.String`", "string")
                .replace("`boolean`", "boolean").replace("`java.util.Map<java.lang.String,java.lang.String>`",
                        "object of strings");
    }
}
