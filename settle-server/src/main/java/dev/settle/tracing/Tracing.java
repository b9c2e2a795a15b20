package dev.settle.tracing;

import dev.settle.request.RequestListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's tracing: its request listener, the trace context of webhook deliveries and, when
 * configured, the span exporter. When export is off no OpenTelemetry SDK object is built at all.
 */
public final class Tracing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    static final String INSTRUMENTATION_SCOPE = "dev.settle";
    static final String SERVICE_NAME = "settle";
    /** Spans waiting for export; beyond this new ones are dropped, so a slow collector never slows requests. */
    static final int SPANS_QUEUED_MAX = 2_048;
    static final int SPANS_PER_EXPORT_MAX = 512;
    /** How long a span may wait for a fuller export batch (OpenTelemetry's default). */
    static final Duration EXPORT_DELAY = Duration.ofSeconds(5);
    static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);
    /** How long closing waits for the last spans to go out. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    static {
        if (SPANS_PER_EXPORT_MAX > SPANS_QUEUED_MAX) {
            throw new AssertionError("an export batch fits in the span queue");
        }
    }

    private final SdkTracerProvider provider;
    private final RequestListener listener;
    private final DeliveryTracing deliveries;

    private Tracing(SdkTracerProvider provider, RequestListener listener, DeliveryTracing deliveries) {
        this.provider = provider;
        this.listener = listener;
        this.deliveries = deliveries;
    }

    public static Tracing start(TracingConfig config) {
        if (!config.exporting()) {
            return new Tracing(null, new TraceListener(null), DeliveryTracing.PASS_THROUGH);
        }
        SpanExporter exporter = config.exporter() != null ? config.exporter()
                : OtlpHttpSpanExporter.builder().setEndpoint(config.tracesUrl()).setTimeout(EXPORT_TIMEOUT).build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(
                        Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), SERVICE_NAME))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.sampleRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setMaxQueueSize(SPANS_QUEUED_MAX)
                        .setMaxExportBatchSize(SPANS_PER_EXPORT_MAX)
                        .setScheduleDelay(EXPORT_DELAY)
                        .setExporterTimeout(EXPORT_TIMEOUT)
                        .build())
                .build();
        var tracer = provider.get(INSTRUMENTATION_SCOPE);
        LOG.info("exporting spans to {}, recording {} of new traces",
                config.otlpEndpoint() != null ? config.tracesUrl() : "a configured exporter", config.sampleRatio());
        return new Tracing(provider, new TraceListener(new RequestSpans(tracer, EpochClock.anchored())),
                new DeliverySpans(tracer));
    }

    /** Runs first among the request listeners: it sets the request's trace id for the others. */
    public RequestListener listener() {
        return listener;
    }

    /** What webhook delivery attempts send as {@code traceparent}, and their spans. */
    public DeliveryTracing deliveries() {
        return deliveries;
    }

    /** Flushes and stops the exporter, if any, waiting at most {@link #CLOSE_WAIT}. */
    @Override
    public void close() {
        if (provider == null) {
            return;
        }
        CompletableResultCode done = provider.shutdown().join(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!done.isSuccess()) {
            LOG.warn("the last spans were not all exported within {}", CLOSE_WAIT);
        }
    }
}
