package dev.settle.processorsim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A refusal with the HTTP status and the Stripe-like error body the simulator answers with.
 * Thrown anywhere in request handling and turned into the answer by the handler, so that rules
 * read straight down without threading error values through.
 */
final class ApiException extends Exception {
    static final String INVALID_REQUEST = "invalid_request_error";
    static final String API_ERROR = "api_error";

    private final int status;
    private final String type;
    private final String code;
    private final String allow;

    ApiException(int status, String type, String code, String message) {
        this(status, type, code, message, null);
    }

    private ApiException(int status, String type, String code, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.allow = allow;
    }

    static ApiException invalid(String code, String message) {
        return new ApiException(400, INVALID_REQUEST, code, message);
    }

    static ApiException parameterInvalid(String field, String problem) {
        return invalid("parameter_invalid", "'" + field + "' " + problem);
    }

    static ApiException missing(String what) {
        return new ApiException(404, INVALID_REQUEST, "resource_missing", "no such " + what);
    }

    /** 405, naming the methods the path does take (the {@code Allow} header). */
    static ApiException methodNotAllowed(String method, String allow) {
        return new ApiException(405, INVALID_REQUEST, "method_not_allowed",
                method + " is not allowed here; use " + allow, allow);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The methods allowed, for a 405; else null. */
    String allow() {
        return allow;
    }

    /** The answer body: {@code {"error":{"type","code","message"}}}. */
    ObjectNode body() {
        return errorBody(type, code, getMessage());
    }

    static ObjectNode errorBody(String type, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("type", type);
        error.put("code", code);
        error.put("message", message);
        return body;
    }
}
