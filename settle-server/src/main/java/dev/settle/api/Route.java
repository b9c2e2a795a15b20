package dev.settle.api;

import java.util.List;

/**
 * One operation: method, path template ({@code /v1/accounts/{id}}), who may call it, its body
 * limit and its handler. The template is split once, here, not per request.
 */
public final class Route {
    /** The body limit of ordinary requests. */
    public static final int BODY_BYTES_DEFAULT = 64 * 1024;

    /** Who may call a route. */
    public enum Access { PUBLIC, TENANT, ADMIN }

    /** The code behind a route. */
    @FunctionalInterface
    public interface Operation {
        ApiResponse handle(ApiRequest request);
    }

    private final String method;
    private final String template;
    private final Access access;
    private final int bodyBytesMax;
    private final Operation operation;
    private final List<String> segments;

    public Route(String method, String template, Access access, int bodyBytesMax, Operation operation) {
        this.method = method;
        this.template = template;
        this.access = access;
        this.bodyBytesMax = bodyBytesMax;
        this.operation = operation;
        this.segments = List.of(template.substring(1).split("/"));
    }

    public String method() {
        return method;
    }

    public String template() {
        return template;
    }

    public Access access() {
        return access;
    }

    public int bodyBytesMax() {
        return bodyBytesMax;
    }

    public Operation operation() {
        return operation;
    }

    List<String> segments() {
        return segments;
    }
}
