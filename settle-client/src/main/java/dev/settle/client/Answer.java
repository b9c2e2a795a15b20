package dev.settle.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/**
 * One HTTP answer: status, headers, and the body as JSON (a missing node when it is not JSON).
 */
record Answer(int status, HttpHeaders headers, JsonNode json) {
    static final String HEADER_REQUEST_ID = "Request-Id";
    static final String HEADER_RETRY_AFTER = "Retry-After";

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    String requestId() {
        return headers.firstValue(HEADER_REQUEST_ID).orElse(null);
    }

    /** The error object of a refusal; the {@code Request-Id} header stands in for a missing request_id. */
    ErrorObject error() {
        JsonNode error = json.path("error");
        String requestId = textOrNull(error, "request_id");
        String message = textOrNull(error, "message");
        return new ErrorObject(status, textOrNull(error, "type"), textOrNull(error, "code"),
                message == null ? "the answer carries no error object" : message, textOrNull(error, "param"),
                requestId == null ? requestId() : requestId);
    }

    private static String textOrNull(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isTextual() ? value.textValue() : null;
    }
}
