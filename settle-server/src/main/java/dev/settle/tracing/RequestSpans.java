package dev.settle.tracing;

import dev.settle.ledger.Invariants;
import dev.settle.request.RequestContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/**
 * The spans of one request, when spans are exported: a SERVER span for the request, and, when it
 * went through a pod, its children {@code pod.queue} (enqueued until the writer took its batch),
 * {@code pod.apply} (until the batch was applied and encoded) and {@code pod.commit} (the synced
 * write). The server span starts when the request arrives, so that its id is known while the pod
 * stores it with the request's events; the children are made when it ends, from the times the pod
 * wrote down. Attributes never hold a header, a key, a path's ids or a body.
 */
final class RequestSpans {
    static final String POD_QUEUE = "pod.queue";
    static final String POD_APPLY = "pod.apply";
    static final String POD_COMMIT = "pod.commit";
    static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("settle.request_id");
    /** Answers from here on are the server's fault: the span's status is an error (4xx are the caller's). */
    static final int SERVER_ERROR_STATUS_MIN = 500;

    private final Tracer tracer;
    private final EpochClock clock;

    RequestSpans(Tracer tracer, EpochClock clock) {
        this.tracer = tracer;
        this.clock = clock;
    }

    /**
     * Starts the request's server span, a child of {@code incoming} (null: a new trace). Returns
     * the request's trace; when the sampler does not record it, the incoming context to pass on
     * as it came, or null when there is none.
     */
    RequestTrace start(RequestContext request, TraceParent incoming) {
        Span span = tracer.spanBuilder(request.method())
                .setParent(OtelContexts.parentOf(incoming))
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(clock.epochNanos(request.startedNanos()), TimeUnit.NANOSECONDS)
                .setAttribute(HTTP_REQUEST_METHOD, request.method())
                .setAttribute(REQUEST_ID, request.requestId())
                .startSpan();
        TraceParent own = OtelContexts.of(span);
        if (!span.isRecording() || own == null) {
            return incoming == null ? null : new RequestTrace(incoming, null);
        }
        return new RequestTrace(own, span);
    }

    /** Ends the server span of a recorded request, with its pod stages as children. */
    void end(RequestTrace trace, RequestContext request) {
        Span span = trace.span();
        Invariants.check(span != null, "only recorded requests have spans to end");
        boolean routed = request.route() != null;
        span.updateName(routed ? request.method() + " " + request.routeTemplate() : request.method());
        if (routed) {
            span.setAttribute(HTTP_ROUTE, request.routeTemplate());
        }
        span.setAttribute(HTTP_RESPONSE_STATUS_CODE, request.status());
        if (request.status() >= SERVER_ERROR_STATUS_MIN) {
            span.setStatus(StatusCode.ERROR);
        }
        Context parent = Context.root().with(span);
        child(parent, POD_QUEUE, trace.enqueuedNanos(), trace.batchStartedNanos());
        child(parent, POD_APPLY, trace.batchStartedNanos(), trace.appliedNanos());
        child(parent, POD_COMMIT, trace.commitStartedNanos(), trace.committedNanos());
        span.end(clock.epochNanos(request.startedNanos() + request.durationNanos()), TimeUnit.NANOSECONDS);
    }

    /** A stage's span, when the stage was reached (a failed submission stops early). */
    private void child(Context parent, String name, long fromNanos, long toNanos) {
        if (fromNanos == RequestTrace.NOT_REACHED || toNanos == RequestTrace.NOT_REACHED) {
            return;
        }
        tracer.spanBuilder(name)
                .setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(clock.epochNanos(fromNanos), TimeUnit.NANOSECONDS)
                .startSpan()
                .end(clock.epochNanos(toNanos), TimeUnit.NANOSECONDS);
    }
}
