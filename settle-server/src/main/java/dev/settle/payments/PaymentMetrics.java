package dev.settle.payments;

import dev.settle.payments.processor.ProcessorStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The payments layer's metrics (docs/operations.md): calls to the card processor by outcome and
 * their durations, its circuit breaker, and what the recovery job settled.
 */
public final class PaymentMetrics {
    static final String CALLS = "settle.payments.processor.calls";
    static final String RECOVERED = "settle.payments.recovered";
    /** A call's duration: the processor's own latency, then the retries' backoff, up to the attempts' timeouts. */
    static final Duration[] CALL_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(15)};

    private PaymentMetrics() {}

    public static void bind(MeterRegistry registry, Payments payments) {
        ProcessorStats stats = payments.processor().stats();
        call(registry, stats, "answered", ProcessorStats::answered);
        call(registry, stats, "refused", ProcessorStats::refused);
        call(registry, stats, "not_performed", ProcessorStats::notPerformed);
        call(registry, stats, "unknown", ProcessorStats::unknown);
        Timer durations = Timer.builder("settle.payments.processor.call").serviceLevelObjectives(CALL_BUCKETS)
                .description("Calls to the card processor, retries included, from the first attempt to the outcome")
                .register(registry);
        stats.observe(nanos -> durations.record(nanos, TimeUnit.NANOSECONDS));
        Gauge.builder("settle.payments.processor.breaker.open", payments.processor(), p -> p.breakerOpen() ? 1 : 0)
                .description("1 while the processor's circuit breaker is open or half open: new payments fail fast")
                .register(registry);
        PaymentRecovery recovery = payments.recovery();
        Gauge.builder("settle.payments.steps.open", recovery, PaymentRecovery::openSteps)
                .description("Steps at the processor whose outcome is not written yet (running, or left for recovery)")
                .register(registry);
        FunctionCounter.builder(RECOVERED, recovery, PaymentRecovery::stepsSettled).tag("what", "step")
                .description("Steps at the processor the recovery job settled (answers nobody wrote)").register(registry);
        FunctionCounter.builder(RECOVERED, recovery, PaymentRecovery::authorizationsExpired)
                .tag("what", "expired_authorization")
                .description("Authorizations the recovery job voided because they were not captured in time")
                .register(registry);
    }

    private static void call(MeterRegistry registry, ProcessorStats stats, String outcome,
            ToDoubleFunction<ProcessorStats> count) {
        FunctionCounter.builder(CALLS, stats, count).tag("outcome", outcome)
                .description("Calls to the card processor by outcome").register(registry);
    }
}
