package dev.settle.api;

import java.util.List;

/**
 * One operation: method, path template ({@code /v1/accounts/{id}}), who may call it, its body
 * limit and its handler.
 */
public record Route(String method, String template, Access access, int bodyBytesMax, Operation operation) {
    /** Who may call a route. */
    public enum Access { PUBLIC, TENANT, ADMIN }

    /** The code behind a route. */
    @FunctionalInterface
    public interface Operation {
        ApiResponse handle(ApiRequest request);
    }

    /** The body limit of ordinary requests. */
    public static final int BODY_BYTES_DEFAULT = 64 * 1024;

    List<String> segments() {
        return List.of(template.substring(1).split("/"));
    }
}
