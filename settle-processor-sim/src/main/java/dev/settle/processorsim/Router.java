package dev.settle.processorsim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the {@link Route} of a request from its method and raw path. Segments are
 * percent-decoded one by one (so an idempotency key may hold a slash as {@code %2F}); an unknown
 * path is 404 and a known path with the wrong method 405, like any HTTP API.
 */
final class Router {
    private Router() {}

    /** A matched route and the values of its wildcards. */
    record Match(Route route, List<String> parameters) {
        String parameter(int index) {
            return parameters.get(index);
        }
    }

    static Match match(String method, String rawPath) throws ApiException {
        List<String> segments = segments(rawPath);
        Set<String> allowed = new TreeSet<>();
        for (Route route : Route.values()) {
            if (route.matchesPath(segments)) {
                if (route.method().equals(method)) {
                    return new Match(route, route.parameters(segments));
                }
                allowed.add(route.method());
            }
        }
        if (!allowed.isEmpty()) {
            throw ApiException.methodNotAllowed(method, String.join(", ", allowed));
        }
        throw notFound(rawPath);
    }

    private static List<String> segments(String rawPath) throws ApiException {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/", -1)) {
            try {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw notFound(rawPath);
            }
        }
        return segments;
    }

    private static ApiException notFound(String rawPath) {
        return new ApiException(404, ApiException.INVALID_REQUEST, "resource_missing", "no such path: " + rawPath);
    }
}
