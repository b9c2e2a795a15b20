package dev.settle.api.http;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the route of a method and path: 404 when no template matches, 405 when only the method is wrong. */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    /** A route found, with its path parameters. */
    public record Match(Route route, Map<String, String> pathParams) {}

    public Router add(Route route) {
        routes.add(route);
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public Match find(String method, String path) {
        String[] segments = path.length() > 1 && path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route.segments(), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route, params);
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw new ApiException(404, ErrorType.INVALID_REQUEST, "route_not_found",
                    "no route " + method + " " + safe(path) + "; see docs/api.md", null);
        }
        throw new MethodNotAllowed(method, allowed);
    }

    private static Map<String, String> match(List<String> template, String[] segments) {
        if (template.size() != segments.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            String t = template.get(i);
            if (t.startsWith("{")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), segments[i]);
            } else if (!t.equals(segments[i])) {
                return null;
            }
        }
        return params;
    }

    /** The path as far as it is safe to echo (printable ASCII, bounded). */
    private static String safe(String path) {
        String printable = path.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? path : "(path with unusual characters)";
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }

    /** 405, with the methods the path does take. */
    public static final class MethodNotAllowed extends RuntimeException {
        private final Set<String> allowed;
        private final ApiException error;

        MethodNotAllowed(String method, Set<String> allowed) {
            super(null, null, false, false);
            this.allowed = allowed;
            this.error = new ApiException(405, ErrorType.INVALID_REQUEST, "method_not_allowed",
                    "method " + (method.length() > 10 ? "?" : method) + " is not allowed here; allowed: "
                            + String.join(", ", allowed), null);
        }

        public String allowHeader() {
            return String.join(", ", allowed);
        }

        public ApiException error() {
            return error;
        }
    }
}
