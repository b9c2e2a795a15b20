package dev.settle.metrics;

import dev.settle.webhooks.RelayStats;
import dev.settle.webhooks.WebhookRelay;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The webhook relay: attempts by outcome, their durations, what is queued and how late the most
 * overdue delivery is (the lag an operator alerts on).
 */
public final class WebhookMetrics {
    static final String DELIVERIES = "settle.webhook.deliveries";
    /** Attempt durations: a local receiver answers in a millisecond, a slow one hits the 15 s timeout. */
    static final Duration[] ATTEMPT_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(15)};

    private WebhookMetrics() {}

    public static void bind(MeterRegistry registry, WebhookRelay relay, LongSupplier clockMillis) {
        RelayStats stats = relay.stats();
        outcome(registry, stats, "succeeded", RelayStats::succeeded);
        outcome(registry, stats, "retrying", RelayStats::retrying);
        outcome(registry, stats, "dead_lettered", RelayStats::deadLettered);
        Timer attempts = Timer.builder("settle.webhook.attempt").serviceLevelObjectives(ATTEMPT_BUCKETS)
                .description("Webhook delivery attempts, from sending to the receiver's answer or a timeout")
                .register(registry);
        stats.observe(latencyMillis -> attempts.record(latencyMillis, TimeUnit.MILLISECONDS));
        Gauge.builder("settle.webhook.queued", relay, WebhookRelay::queuedDeliveries).baseUnit("deliveries")
                .description("Deliveries queued in memory (up to 100,000 per endpoint; more wait in the store)")
                .register(registry);
        Gauge.builder("settle.webhook.lag", relay, r -> r.lagMillis(clockMillis.getAsLong()) / 1000.0)
                .baseUnit("seconds").description("How long the most overdue queued delivery has been due")
                .register(registry);
        Gauge.builder("settle.webhook.breakers.open", relay, WebhookRelay::breakersOpen)
                .description("Endpoints whose circuit breaker is open or half open").register(registry);
    }

    private static void outcome(MeterRegistry registry, RelayStats stats, String outcome,
            ToDoubleFunction<RelayStats> count) {
        FunctionCounter.builder(DELIVERIES, stats, count).tag("outcome", outcome)
                .description("Webhook delivery attempts by what became of the delivery").register(registry);
    }
}
