package dev.phasegate.admin.http;

import java.util.Locale;
import java.util.Objects;

/**
 * One endpoint: a method, a path pattern and a handler. Patterns are literal segments and
 * {@code {name}} segments, each matching one path segment (URL-decoded, so a column id
 * {@code public.users.email} is one segment): {@code /api/v1/columns/{id}/backfill}.
 *
 * <p>Add routes with {@link AdminServer.Builder#route(Route)}. Routes under {@code /api/} need the
 * bearer token; others (health, metrics) do not. Handlers run on the admin worker pool, may block
 * (JDBC), and signal failures by throwing {@link dev.phasegate.admin.service.ServiceException}
 * (mapped to 400/404/409/503) — anything else is a 500 with the details only in the log.
 */
public interface Route {

    String method();

    String pattern();

    AdminResponse handle(AdminRequest request) throws Exception;

    /** Whether the bearer token is required: by default for everything under {@code /api/}. */
    default boolean authenticated() {
        return pattern().startsWith("/api/");
    }

    /** The handler of a route. */
    @FunctionalInterface
    interface Handler {
        AdminResponse handle(AdminRequest request) throws Exception;
    }

    static Route of(String method, String pattern, Handler handler) {
        String m = method.toUpperCase(Locale.ROOT);
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(handler, "handler");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route pattern starts with '/': " + pattern);
        }
        return new Route() {
            @Override
            public String method() {
                return m;
            }

            @Override
            public String pattern() {
                return pattern;
            }

            @Override
            public AdminResponse handle(AdminRequest request) throws Exception {
                return handler.handle(request);
            }

            @Override
            public String toString() {
                return m + " " + pattern;
            }
        };
    }

    static Route get(String pattern, Handler handler) {
        return of("GET", pattern, handler);
    }

    static Route post(String pattern, Handler handler) {
        return of("POST", pattern, handler);
    }

    static Route delete(String pattern, Handler handler) {
        return of("DELETE", pattern, handler);
    }
}
