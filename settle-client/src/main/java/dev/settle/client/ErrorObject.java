package dev.settle.client;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server said about a refusal: the HTTP status and the fields of
 * {@code {"error": {"type", "code", "message", "param", "request_id"}}}. Fields the answer did not
 * carry are null; {@code status} is 0 when there was no answer at all.
 */
record ErrorObject(int status, String type, String code, String message, String param, String requestId)
        implements Serializable {
    static final String TYPE_INVALID_REQUEST = "invalid_request_error";
    static final String TYPE_AUTHENTICATION = "authentication_error";
    static final String TYPE_IDEMPOTENCY = "idempotency_error";
    static final String TYPE_RATE_LIMIT = "rate_limit_error";
    static final String TYPE_LEDGER = "ledger_error";
    static final String TYPE_API = "api_error";
    static final String CODE_IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use";

    /** The exception's message: the server's words, then the facts to search the logs with. */
    String describe() {
        List<String> facts = new ArrayList<>();
        if (status != 0) {
            facts.add("status " + status);
        }
        addIfPresent(facts, "type", type);
        addIfPresent(facts, "code", code);
        addIfPresent(facts, "param", param);
        addIfPresent(facts, "request", requestId);
        String words = message == null ? "request refused" : message;
        return facts.isEmpty() ? words : words + " (" + String.join(", ", facts) + ")";
    }

    private static void addIfPresent(List<String> facts, String name, String value) {
        if (value != null) {
            facts.add(name + " " + value);
        }
    }
}
