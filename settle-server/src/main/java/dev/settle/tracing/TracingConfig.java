package dev.settle.tracing;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where spans go. Off by default: no exporter, no spans, and nothing on the hot path beyond
 * reading an incoming {@code traceparent} (which is still passed on to events and webhooks).
 *
 * @param otlpEndpoint the OTLP/HTTP base endpoint (e.g. {@code http://127.0.0.1:4318}; spans go to
 *     its {@code /v1/traces}), or null
 * @param sampleRatio the share of new traces recorded, 0..1; a caller's sampling decision
 *     (its {@code traceparent}'s flag) is always followed
 * @param exporter where spans go instead of an OTLP endpoint (tests), or null
 */
public record TracingConfig(URI otlpEndpoint, double sampleRatio, SpanExporter exporter) {
    /**
     * Every new trace, when export is on: what OpenTelemetry does by default, and what someone
     * who turns export on to look at a problem expects. Export never slows requests down (the
     * queue of spans is bounded and drops when the collector is behind); at high request rates
     * lower it to bound the collector's load.
     */
    public static final double SAMPLE_RATIO_DEFAULT = 1.0;

    public TracingConfig {
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("the trace sample ratio must be from 0 to 1, got " + sampleRatio);
        }
        if (otlpEndpoint != null) {
            checkEndpoint(otlpEndpoint);
        }
        if (otlpEndpoint != null && exporter != null) {
            throw new IllegalArgumentException("spans go to an OTLP endpoint or to an exporter, not both");
        }
    }

    public static TracingConfig off() {
        return new TracingConfig(null, SAMPLE_RATIO_DEFAULT, null);
    }

    /** Spans exported over OTLP/HTTP to {@code endpoint}. */
    public static TracingConfig otlp(URI endpoint, double sampleRatio) {
        if (endpoint == null) {
            throw new IllegalArgumentException("an OTLP endpoint is required");
        }
        return new TracingConfig(endpoint, sampleRatio, null);
    }

    /** Spans handed to {@code exporter} (tests: an in-memory one). */
    public static TracingConfig exportingTo(SpanExporter exporter, double sampleRatio) {
        if (exporter == null) {
            throw new IllegalArgumentException("an exporter is required");
        }
        return new TracingConfig(null, sampleRatio, exporter);
    }

    /** Parses an OTLP endpoint as given on the command line or in OTEL_EXPORTER_OTLP_ENDPOINT. */
    public static URI endpoint(String text) {
        try {
            URI uri = new URI(text.trim());
            checkEndpoint(uri);
            return uri;
        } catch (URISyntaxException e) {
            // Not echoed: a malformed URL may still hold a password.
            throw new IllegalArgumentException("the OTLP endpoint is not a URL");
        }
    }

    public boolean exporting() {
        return otlpEndpoint != null || exporter != null;
    }

    /** Where the OTLP exporter posts spans: the base endpoint's {@code /v1/traces}, as OTLP/HTTP specifies. */
    public String tracesUrl() {
        String base = otlpEndpoint.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
    }

    private static void checkEndpoint(URI uri) {
        if (uri.getRawUserInfo() != null) {
            // Refused (and not echoed), because the endpoint is logged at start.
            throw new IllegalArgumentException("the OTLP endpoint must not carry credentials (user:password@)");
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "the OTLP endpoint must be an http or https URL without a query, such as http://127.0.0.1:4318;"
                            + " got " + uri);
        }
    }
}
