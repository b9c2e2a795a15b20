package dev.settle.metrics;

import dev.settle.traffic.Priority;
import dev.settle.traffic.RequestKind;
import dev.settle.traffic.TrafficControl;
import dev.settle.traffic.TrafficStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The limiters' decisions ({@code settle_limiter_decisions_total}): {@code decision} says what
 * happened (admitted, rate_limited, concurrency_limited, shed, fleet_full) and {@code class} to
 * what (a request kind for rate limits, a priority for shedding, {@code all} otherwise).
 */
public final class TrafficMetrics {
    static final String DECISIONS = "settle.limiter.decisions";
    static final String CLASS_ALL = "all";

    private TrafficMetrics() {}

    public static void bind(MeterRegistry registry, TrafficControl traffic) {
        TrafficStats stats = traffic.stats();
        Gauge.builder("settle.requests.in.flight", traffic, t -> t.fleet().inFlight())
                .description("Admitted API requests running now").register(registry);
        Gauge.builder("settle.requests.in.flight.max", traffic, t -> t.fleet().inFlightMax())
                .description("The process's cap on requests in flight (beyond it: 503 fleet_full)")
                .register(registry);
        decision(registry, stats, "admitted", CLASS_ALL, TrafficStats::admitted);
        for (RequestKind kind : RequestKind.values()) {
            decision(registry, stats, "rate_limited", kind.wireName(), s -> s.rateLimited(kind));
        }
        decision(registry, stats, "concurrency_limited", CLASS_ALL, TrafficStats::concurrencyLimited);
        for (Priority priority : Priority.values()) {
            decision(registry, stats, "shed", priority.wireName(), s -> s.shed(priority));
        }
        decision(registry, stats, "fleet_full", CLASS_ALL, TrafficStats::fleetFull);
    }

    private static void decision(MeterRegistry registry, TrafficStats stats, String decision, String requestClass,
            ToDoubleFunction<TrafficStats> count) {
        FunctionCounter.builder(DECISIONS, stats, count).tag("decision", decision).tag("class", requestClass)
                .description("Admission decisions of the rate, concurrency and load-shedding limiters")
                .register(registry);
    }
}
