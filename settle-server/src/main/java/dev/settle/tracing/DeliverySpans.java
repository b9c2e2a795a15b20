package dev.settle.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.net.URI;

/**
 * Delivery attempts when spans are exported: each is a CLIENT span {@code webhook.deliver}, a
 * child of the context stored with its event, and sends its own context as {@code traceparent}.
 * An event without a stored context (an expiry, or a request that came untraced) starts a new
 * trace per attempt, so that a receiver can still correlate an attempt with Settle's side.
 */
final class DeliverySpans implements DeliveryTracing {
    static final String SPAN_NAME = "webhook.deliver";
    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("settle.event.id");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("settle.event.type");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("settle.webhook.attempt");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** Receivers' answers from here on are failures of the delivery. */
    static final int CLIENT_ERROR_STATUS_MIN = 400;
    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;

    private final Tracer tracer;

    DeliverySpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Attempt begin(TraceParent stored, String eventId, String eventType, int attempt, URI target) {
        Span span = tracer.spanBuilder(SPAN_NAME)
                .setParent(OtelContexts.parentOf(stored))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(RequestSpans.HTTP_REQUEST_METHOD, "POST")
                .setAttribute(SERVER_ADDRESS, target.getHost())
                .setAttribute(SERVER_PORT, port(target))
                .setAttribute(EVENT_ID, eventId)
                .setAttribute(EVENT_TYPE, eventType)
                .setAttribute(ATTEMPT, attempt)
                .startSpan();
        // A span the sampler drops still has a valid context (sampled flag off) to pass on.
        TraceParent own = OtelContexts.of(span);
        TraceParent sent = own != null ? own : stored;
        return new Recorded(span, sent == null ? null : sent.format());
    }

    private static long port(URI target) {
        if (target.getPort() >= 0) {
            return target.getPort();
        }
        return "https".equalsIgnoreCase(target.getScheme()) ? HTTPS_PORT : HTTP_PORT;
    }

    private record Recorded(Span span, String traceparent) implements Attempt {
        @Override
        public void end(int statusCode, String error) {
            if (statusCode > 0) {
                span.setAttribute(RequestSpans.HTTP_RESPONSE_STATUS_CODE, statusCode);
            }
            if (statusCode == 0 || statusCode >= CLIENT_ERROR_STATUS_MIN) {
                span.setAttribute(ERROR_TYPE, statusCode > 0 ? Integer.toString(statusCode) : errorType(error));
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }

        /** The stable part of an attempt's error ({@code target_not_allowed: <host>} → its code). */
        private static String errorType(String error) {
            if (error == null) {
                return "_OTHER";
            }
            int detail = error.indexOf(':');
            return detail < 0 ? error : error.substring(0, detail);
        }
    }
}
