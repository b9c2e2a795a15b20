package dev.settle.bench.payments;

import dev.settle.bench.JsonLine;
import dev.settle.bench.LatencyRecorder;

/**
 * What {@code settle bench --payments} measured: captured payments per second, and each step's
 * latency (the authorization: create and confirm in one request; the capture), with the
 * requests that did not end as expected.
 */
public record PaymentsBenchResult(double seconds, long captured, long failed, int concurrency,
        LatencyRecorder authorize, LatencyRecorder capture) {
    public double capturedPerSecond() {
        return captured / seconds;
    }

    public String toJsonLine() {
        return new JsonLine().field("benchmark", "payments").field("concurrency", concurrency)
                .field("seconds", seconds).field("captured_intents", captured)
                .field("captured_intents_per_second", capturedPerSecond()).field("failed", failed)
                .field("authorize_ms", latency(authorize)).field("capture_ms", latency(capture))
                .field("durability", "fsync per group commit").toString();
    }

    private static JsonLine latency(LatencyRecorder r) {
        return new JsonLine().field("p50", r.percentileMicros(50) / 1000).field("p99", r.percentileMicros(99) / 1000)
                .field("max", r.maxMicros() / 1000);
    }
}
