package dev.settle.webhooks;

import dev.settle.ledger.UInt128;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One endpoint's deliveries: a virtual thread that takes what is due from the endpoint's durable
 * queue and starts each attempt on its own virtual thread, behind the endpoint's own bulkhead
 * (at most N in flight) and circuit breaker (a failing endpoint is probed, not hammered). Lanes
 * share nothing but the store, so a dead or slow endpoint cannot delay another's deliveries.
 */
final class EndpointLane {
    /** The longest a lane sleeps without a signal: it then looks at its queue again. */
    static final long IDLE_WAIT_MILLIS_MAX = 1_000;
    /** Calls the breaker looks at, and how many it needs before it may trip. */
    private static final int BREAKER_WINDOW_CALLS = 20;
    private static final int BREAKER_CALLS_MIN = 10;
    private static final float BREAKER_FAILURE_PERCENT = 50;
    private static final int BREAKER_PROBES = 2;

    final int ledger;
    final UInt128 endpointId;
    private final Attempts attempts;
    private final long breakerOpenMillis;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final DueQueue queue;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;
    private final Thread thread;

    /** What the lane needs from the relay: its stored queue, and one attempt. */
    interface Attempts {
        /** Up to n of the lane's stored queue entries, earliest first. */
        List<DeliveryStore.Due> queued(EndpointLane lane, int n);

        /** Makes one attempt and records it; returns true when the endpoint accepted it. */
        boolean attempt(EndpointLane lane, DeliveryStore.Due due);

        long nowMillis();

        boolean stillEnabled(EndpointLane lane);
    }

    EndpointLane(int ledger, UInt128 endpointId, WebhookConfig config, Attempts attempts) {
        this.ledger = ledger;
        this.endpointId = endpointId;
        this.attempts = attempts;
        this.breakerOpenMillis = config.breakerOpen().toMillis();
        this.breaker = CircuitBreaker.of("webhook-endpoint", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(BREAKER_WINDOW_CALLS)
                .minimumNumberOfCalls(BREAKER_CALLS_MIN)
                .failureRateThreshold(BREAKER_FAILURE_PERCENT)
                .permittedNumberOfCallsInHalfOpenState(BREAKER_PROBES)
                .waitDurationInOpenState(config.breakerOpen())
                .recordExceptions(DeliveryFailedException.class)
                .build());
        this.bulkhead = Bulkhead.of("webhook-endpoint", BulkheadConfig.custom()
                .maxConcurrentCalls(config.concurrentDeliveriesPerEndpoint())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.queue = new DueQueue(n -> attempts.queued(this, n));
        this.thread = Thread.ofVirtual().name("webhook-lane-" + endpointId).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Something may be due: new deliveries, or a slot freed. */
    void signal() {
        wake.release();
    }

    /** The lane's due deliveries in memory (the relay adds what it queues in the store). */
    DueQueue queue() {
        return queue;
    }

    /** False once the lane's thread has ended (stopped, or its endpoint was disabled). */
    boolean isAlive() {
        return running && thread.isAlive();
    }

    void stop() {
        running = false;
        signal();
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    private void run() {
        while (running && attempts.stillEnabled(this)) {
            wake.drainPermits();
            long waitMillis = dispatch();
            try {
                wake.tryAcquire(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Starts what is due and may start; returns how long to wait before looking again. */
    private long dispatch() {
        int free = bulkhead.getMetrics().getAvailableConcurrentCalls();
        if (free == 0) {
            return IDLE_WAIT_MILLIS_MAX; // a finishing attempt signals
        }
        long now = attempts.nowMillis();
        DeliveryStore.DueScan scan = queue.take(now, free, Set.copyOf(inFlight));
        for (DeliveryStore.Due due : scan.due()) {
            if (!breaker.tryAcquirePermission()) {
                return Math.min(IDLE_WAIT_MILLIS_MAX, breakerOpenMillis);
            }
            if (!bulkhead.tryAcquirePermission()) {
                breaker.releasePermission();
                return IDLE_WAIT_MILLIS_MAX;
            }
            inFlight.add(due.sequence());
            Thread.ofVirtual().name("webhook-attempt").start(() -> attempt(due));
        }
        return scan.nextDueMillis() == Long.MAX_VALUE ? IDLE_WAIT_MILLIS_MAX
                : Math.min(IDLE_WAIT_MILLIS_MAX, scan.nextDueMillis() - now);
    }

    private void attempt(DeliveryStore.Due due) {
        long started = System.nanoTime();
        boolean reported = false;
        try {
            boolean accepted = attempts.attempt(this, due);
            long elapsedNanos = System.nanoTime() - started;
            if (accepted) {
                breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, DeliveryFailedException.INSTANCE);
            }
            reported = true;
        } finally {
            if (!reported) {
                breaker.releasePermission();
            }
            bulkhead.onComplete();
            inFlight.remove(due.sequence());
            signal();
        }
    }

    /** What the breaker counts as a failed call: any attempt the endpoint did not accept. */
    static final class DeliveryFailedException extends RuntimeException {
        static final DeliveryFailedException INSTANCE = new DeliveryFailedException();

        private DeliveryFailedException() {
            super("delivery not accepted", null, false, false);
        }
    }
}
