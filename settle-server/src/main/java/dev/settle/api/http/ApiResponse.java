package dev.settle.api.http;

import java.util.Map;

/**
 * An answer ready to send: status, JSON body and any headers beyond the ones every answer
 * gets (Request-Id, Settle-Version, Content-Type).
 */
public record ApiResponse(int status, byte[] body, Map<String, String> headers) {
    public ApiResponse(int status, byte[] body) {
        this(status, body, Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, body, all);
    }
}
