package dev.settle.metrics;

import dev.settle.request.RequestContext;
import dev.settle.request.RequestListener;
import dev.settle.request.RouteLabel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Requests by method, route template and status, as a histogram of their durations
 * ({@code settle_http_server_requests_seconds}): its {@code _count} gives rates and errors.
 * Labels stay bounded: the route is a template (never a path with ids), an unmatched request's
 * method is one of a fixed few, and the status is a 3-digit code. Timers are looked up once per
 * route and status and then reused, so recording costs no map lookup with tags.
 */
public final class HttpMetrics implements RequestListener {
    static final String REQUESTS = "settle.http.server.requests";
    /** Bucket bounds: from a cached read to a stalled fsync. */
    static final Duration[] DURATION_BUCKETS = {
        Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    static final int STATUS_MIN = 100;
    static final int STATUS_MAX = 599;
    /** What an unmatched request's method label may be; anything else is {@code other}. */
    static final Set<String> METHODS_KNOWN = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final String METHOD_OTHER = "other";

    private final MeterRegistry registry;
    /** Keyed by the route's label, or by the method label of unmatched requests. */
    private final ConcurrentHashMap<Object, AtomicReferenceArray<Timer>> timersByRoute = new ConcurrentHashMap<>();
    private final Counter replays;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.replays = Counter.builder("settle.idempotency.replays")
                .description("Requests answered with the stored answer of their Idempotency-Key")
                .register(registry);
    }

    @Override
    public void completed(RequestContext request) {
        timer(request).record(request.durationNanos(), TimeUnit.NANOSECONDS);
        if (request.replayed()) {
            replays.increment();
        }
    }

    private Timer timer(RequestContext request) {
        RouteLabel route = request.route();
        String method = route != null ? route.method() : methodLabel(request.method());
        String template = request.routeTemplate();
        int status = Math.clamp(request.status(), STATUS_MIN, STATUS_MAX);
        AtomicReferenceArray<Timer> byStatus = timersByRoute.computeIfAbsent(route != null ? route : method,
                key -> new AtomicReferenceArray<>(STATUS_MAX - STATUS_MIN + 1));
        Timer timer = byStatus.get(status - STATUS_MIN);
        if (timer == null) {
            timer = Timer.builder(REQUESTS)
                    .description("API requests by method, route template and status")
                    .tag("method", method).tag("route", template).tag("status", Integer.toString(status))
                    .serviceLevelObjectives(DURATION_BUCKETS)
                    .register(registry);
            byStatus.set(status - STATUS_MIN, timer);
        }
        return timer;
    }

    static String methodLabel(String method) {
        return METHODS_KNOWN.contains(method) ? method : METHOD_OTHER;
    }
}
