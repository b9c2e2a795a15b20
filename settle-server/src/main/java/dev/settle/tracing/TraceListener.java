package dev.settle.tracing;

import dev.settle.request.RequestContext;
import dev.settle.request.RequestListener;

/**
 * The request listener of tracing, first among the listeners. It reads the incoming
 * {@code traceparent}, gives the request its trace (or none), binds it to the thread for the pod
 * to attach to its submission, and names the trace id for the listeners after it (logs).
 *
 * <p>When spans are not exported, a request without a {@code traceparent} costs one null check
 * and allocates nothing; one with a valid header is traced only to pass its context on (to its
 * events and their webhook deliveries), unchanged.
 */
final class TraceListener implements RequestListener {
    /** Null when spans are not exported. */
    private final RequestSpans spans;

    TraceListener(RequestSpans spans) {
        this.spans = spans;
    }

    @Override
    public void started(RequestContext request) {
        String header = request.traceparent();
        if (header == null && spans == null) {
            return;
        }
        TraceParent incoming = header == null ? null : TraceParent.parse(header);
        RequestTrace trace = spans != null ? spans.start(request, incoming)
                : incoming == null ? null : new RequestTrace(incoming, null);
        if (trace != null) {
            trace.bind();
            request.traceId(trace.context().traceIdHex());
        }
    }

    @Override
    public void completed(RequestContext request) {
        if (request.traceId() == null) {
            return; // Untraced: the thread-local was never set.
        }
        RequestTrace trace = RequestTrace.current();
        RequestTrace.unbind();
        if (trace != null && trace.span() != null) {
            spans.end(trace, request);
        }
    }
}
