package dev.settle.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/** Converts between {@link TraceParent} and the OpenTelemetry API's span contexts. */
final class OtelContexts {
    private OtelContexts() {}

    /** A context whose parent is {@code remote} (a caller's span, or one stored with an event), or the root. */
    static Context parentOf(TraceParent remote) {
        if (remote == null) {
            return Context.root();
        }
        SpanContext parent = SpanContext.createFromRemoteParent(
                TraceId.fromLongs(remote.traceIdHigh(), remote.traceIdLow()), SpanId.fromLong(remote.spanId()),
                TraceFlags.fromByte(remote.flags()), TraceState.getDefault());
        return Context.root().with(Span.wrap(parent));
    }

    /**
     * The span's own context as a {@link TraceParent}, or null when it has none (a tracer that is
     * shut down makes spans without valid ids).
     */
    static TraceParent of(Span span) {
        SpanContext own = span.getSpanContext();
        return own.isValid() ? TraceParent.ofHex(own.getTraceId(), own.getSpanId(), own.getTraceFlags().asByte())
                : null;
    }
}
