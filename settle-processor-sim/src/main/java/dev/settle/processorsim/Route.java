package dev.settle.processorsim;

import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints of the HTTP contract, each a method and a path pattern in which {@code *} stands
 * for one non-empty segment (an id, a key or a date). {@link #mutating} marks the requests that
 * need an idempotency key and are subject to the error and lost-answer rates.
 */
enum Route {
    HEALTH("GET", false, "v1", "health"),
    AUTHORIZE("POST", true, "v1", "authorizations"),
    CHARGE("GET", false, "v1", "charges", "*"),
    CAPTURE("POST", true, "v1", "charges", "*", "capture"),
    VOID("POST", true, "v1", "charges", "*", "void"),
    REFUND("POST", true, "v1", "charges", "*", "refunds"),
    OPERATION("GET", false, "v1", "operations", "*"),
    FENCE("POST", false, "v1", "operations", "*", "fence"),
    SETTLEMENT_REPORT("GET", false, "v1", "settlement_reports", "*");

    private static final String WILDCARD = "*";

    private final String method;
    private final boolean mutating;
    private final List<String> pattern;

    Route(String method, boolean mutating, String... pattern) {
        this.method = method;
        this.mutating = mutating;
        this.pattern = List.of(pattern);
    }

    String method() {
        return method;
    }

    boolean mutating() {
        return mutating;
    }

    boolean matchesPath(List<String> segments) {
        if (segments.size() != pattern.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String expected = pattern.get(i);
            String actual = segments.get(i);
            if (expected.equals(WILDCARD) ? actual.isEmpty() : !expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }

    /** The segments matched by the wildcards, in order. */
    List<String> parameters(List<String> segments) {
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < pattern.size(); i++) {
            if (pattern.get(i).equals(WILDCARD)) {
                parameters.add(segments.get(i));
            }
        }
        return parameters;
    }
}
