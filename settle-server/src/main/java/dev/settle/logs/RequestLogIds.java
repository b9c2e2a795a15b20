package dev.settle.logs;

import dev.settle.request.RequestContext;
import dev.settle.common.Ids;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The ids of the request the calling thread is answering ({@code request_id}, {@code tenant_id},
 * {@code trace_id}), for the log appender to add to a line logged meanwhile: read only when a
 * line is logged, so a request that logs nothing pays nothing for them.
 */
public final class RequestLogIds {
    private RequestLogIds() {}

    /** The ids, in this order, of those known; empty when the thread answers no request. */
    public static Map<String, String> current() {
        RequestContext request = RequestContext.current();
        if (request == null) {
            return Map.of();
        }
        Map<String, String> ids = new LinkedHashMap<>();
        each(request, ids::put);
        return ids;
    }

    /** Hands {@code to} the request's known ids in order: request, then tenant, then trace. */
    static void each(RequestContext request, BiConsumer<String, String> to) {
        to.accept(LogKeys.REQUEST_ID, request.requestId());
        if (request.tenantId() != null) {
            to.accept(LogKeys.TENANT_ID, Ids.format(request.tenantId()));
        }
        if (request.traceId() != null) {
            to.accept(LogKeys.TRACE_ID, request.traceId());
        }
    }
}
