package dev.settle.api.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;


/**
 * A request the API refuses: its HTTP status and the error object of docs/api.md. Thrown
 * anywhere while handling a request, rendered by {@link ApiHandler}. The message never holds a
 * secret (keys, tokens) and never echoes more of the input than the offending parameter's name.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final ErrorType type;
    private final String code;
    private final String param;
    /** Fields of the error object beyond the common ones (a card error's decline code, its payment intent). */
    private final Map<String, Object> details = new LinkedHashMap<>();

    public ApiException(int status, ErrorType type, String code, String message, String param) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /** 400: the input breaks a rule of the API. */
    public static ApiException invalid(String code, String message, String param) {
        return new ApiException(400, ErrorType.INVALID_REQUEST, code, message, param);
    }

    public static ApiException missing(String param) {
        return invalid("parameter_missing", "missing required parameter: " + param, param);
    }

    public static ApiException unknown(String param) {
        return invalid("parameter_unknown", "unknown parameter: " + param, param);
    }

    public static ApiException badValue(String param, String rule) {
        return invalid("parameter_invalid", param + " " + rule, param);
    }

    public static ApiException notFound(String what, String param) {
        return new ApiException(404, ErrorType.INVALID_REQUEST, "resource_missing", "no such " + what, param);
    }

    /** Adds a field to the error object (Stripe's {@code decline_code}, {@code payment_intent}, …). */
    public ApiException withDetail(String name, Object value) {
        details.put(name, value);
        return this;
    }

    public Map<String, Object> details() {
        return Collections.unmodifiableMap(details);
    }

    public int status() {
        return status;
    }

    public ErrorType type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}
