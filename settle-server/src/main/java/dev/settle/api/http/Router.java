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

    /**
     * The route of {@code method} on the most specific template that matches {@code path}: a
     * literal segment beats a parameter ({@code /v1/transfers/batch} before
     * {@code /v1/transfers/{id}}), so a wrong method on a literal path is a 405 with that path's
     * methods, never a lookup of an id named "batch".
     */
    public Match find(String method, String path) {
        String[] segments = path.length() > 1 && path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
        List<String> best = null;
        Match found = null;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route.segments(), segments);
            if (params == null) {
                continue;
            }
            int specificity = best == null ? 1 : compareSpecificity(route.segments(), best);
            if (specificity < 0) {
                continue;
            }
            if (specificity > 0) {
                best = route.segments();
                found = null;
                allowed.clear();
            }
            if (found == null && route.method().equals(method)) {
                found = new Match(route, params);
            }
            allowed.add(route.method());
        }
        if (found != null) {
            return found;
        }
        if (allowed.isEmpty()) {
            throw new ApiException(404, ErrorType.INVALID_REQUEST, "route_not_found",
                    "no route " + method + " " + safe(path) + "; see docs/api.md", null);
        }
        throw new MethodNotAllowed(method, allowed);
    }

    /**
     * Of two templates of the same length that match one path: positive when {@code a} is more
     * specific (a literal where {@code b} has a parameter at their first difference), negative
     * when {@code b} is, zero when they have the same shape.
     */
    private static int compareSpecificity(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            boolean aParam = isParam(a.get(i));
            boolean bParam = isParam(b.get(i));
            if (aParam != bParam) {
                return aParam ? -1 : 1;
            }
        }
        return 0;
    }

    private static boolean isParam(String templateSegment) {
        return templateSegment.startsWith("{");
    }

    private static Map<String, String> match(List<String> template, String[] segments) {
        if (template.size() != segments.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            String t = template.get(i);
            if (isParam(t)) {
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
