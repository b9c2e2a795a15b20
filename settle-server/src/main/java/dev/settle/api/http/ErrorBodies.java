package dev.settle.api.http;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.api.json.JsonWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The error object of docs/api.md. */
public final class ErrorBodies {
    /** The status of our own faults. */
    public static final int INTERNAL_STATUS = 500;

    private ErrorBodies() {}

    public static ApiResponse of(ApiException e, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", e.type().wireName());
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.put("param", e.param());
        error.put("request_id", requestId);
        error.putAll(e.details());
        return new ApiResponse(e.status(), JsonWriter.write(Map.of("error", error)));
    }

    /** Our fault: says nothing of the cause, which goes to the log with the request id. */
    public static ApiResponse internal(String requestId) {
        return of(new ApiException(INTERNAL_STATUS, ErrorType.API, "internal_error",
                "something went wrong on our side; the request id helps us find it", null), requestId);
    }
}
