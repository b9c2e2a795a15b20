package dev.settle.tracing;

import java.net.URI;

/**
 * Where spans go. Off by default: no exporter, no spans, and nothing on the hot path beyond
 * reading an incoming {@code traceparent} (which is still passed on to events and webhooks).
 *
 * @param otlpEndpoint the OTLP/HTTP endpoint (e.g. {@code http://127.0.0.1:4318}), or null: off
 */
public record TracingConfig(URI otlpEndpoint) {
    public static TracingConfig off() {
        return new TracingConfig(null);
    }

    public boolean exporting() {
        return otlpEndpoint != null;
    }
}
