package dev.phasegate.admin.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Matches a method and a decoded path against the routes, in registration order. */
final class Router {

    /** The outcome of matching. */
    sealed interface Match permits Found, MethodNotAllowed, NotFound {
    }

    record Found(Route route, Map<String, String> params) implements Match {
    }

    record MethodNotAllowed(List<String> allowed) implements Match {
    }

    record NotFound() implements Match {
    }

    private record Compiled(Route route, String[] segments) {
    }

    private final List<Compiled> routes = new ArrayList<>();

    Router(List<Route> routes) {
        for (Route route : routes) {
            String[] segments = split(route.pattern());
            for (Compiled existing : this.routes) {
                if (existing.route.method().equals(route.method()) && samePattern(existing.segments, segments)) {
                    throw new IllegalArgumentException("two routes for " + route.method() + " " + route.pattern());
                }
            }
            this.routes.add(new Compiled(route, segments));
        }
    }

    Match match(String method, List<String> pathSegments) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Compiled c : routes) {
            Map<String, String> params = bind(c.segments, pathSegments);
            if (params == null) {
                continue;
            }
            if (c.route.method().equals(method)) {
                return new Found(c.route, params);
            }
            allowed.add(c.route.method());
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(List.copyOf(allowed));
    }

    private static Map<String, String> bind(String[] pattern, List<String> path) {
        if (pattern.length != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path.get(i).isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), path.get(i));
            } else if (!p.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    private static boolean samePattern(String[] a, String[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            boolean paramA = a[i].startsWith("{");
            boolean paramB = b[i].startsWith("{");
            if (paramA != paramB || (!paramA && !a[i].equals(b[i]))) {
                return false;
            }
        }
        return true;
    }

    private static String[] split(String pattern) {
        String trimmed = pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1)
                : pattern;
        return trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
    }
}
