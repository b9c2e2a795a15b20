package dev.settle.traffic;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-tenant request rates: a Bucket4j token bucket per (tenant, request kind). A bucket holds one
 * second of the rate (the burst a tenant may send at once) and refills greedily, token by token.
 *
 * <p>Thread-safe and lock-free on the hot path: a map lookup and one compare-and-set in the bucket.
 * There are at most two buckets per tenant; {@link #forget(long)} drops a deleted tenant's.
 */
public final class RateLimiter {
    private static final Duration REFILL_PERIOD = Duration.ofSeconds(RateDecision.QUOTA_WINDOW_SECONDS);

    private final TimeMeter timeMeter;
    private final ConcurrentHashMap<BucketKey, RateBucket> buckets = new ConcurrentHashMap<>();

    private record BucketKey(long tenantKey, RequestKind kind) {}

    /** A bucket and the rate it was built for, so a changed limit is noticed on the next request. */
    private record RateBucket(int ratePerSecond, Bucket bucket) {}

    /** Bucket4j's view of our clock; not wall-clock based, so only differences matter. */
    private record NanoTimeMeter(LongSupplier nanoClock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return nanoClock.getAsLong();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    /** @param nanoClock a monotonic clock ({@code System::nanoTime} in production; tests move their own) */
    public RateLimiter(LongSupplier nanoClock) {
        this.timeMeter = new NanoTimeMeter(Objects.requireNonNull(nanoClock, "nanoClock"));
    }

    /**
     * Takes one token from the tenant's bucket for this kind. When the tenant's rate for the kind has
     * changed since the bucket was built, it is rebuilt (full) with the new rate.
     */
    public RateDecision tryAcquire(long tenantKey, TenantLimits limits, RequestKind kind) {
        int ratePerSecond = limits.perSecond(kind);
        BucketKey key = new BucketKey(tenantKey, kind);
        RateBucket rateBucket = buckets.get(key);
        if (rateBucket == null || rateBucket.ratePerSecond() != ratePerSecond) {
            // The slow path, once per tenant and per limit change. While requests with the old and
            // the new limits race, the bucket may be rebuilt more than once; each rebuild is valid.
            rateBucket = buckets.compute(key, (unused, current) ->
                    current != null && current.ratePerSecond() == ratePerSecond ? current : newBucket(ratePerSecond));
        }
        ConsumptionProbe probe = rateBucket.bucket().tryConsumeAndReturnRemaining(1);
        long remaining = Math.max(0, probe.getRemainingTokens());
        if (probe.isConsumed()) {
            return new RateDecision(true, kind, ratePerSecond, remaining, Math.max(0, probe.getNanosToWaitForReset()));
        }
        return new RateDecision(false, kind, ratePerSecond, remaining, Math.max(0, probe.getNanosToWaitForRefill()));
    }

    /** Drops the tenant's buckets; its next request starts with full ones. */
    public void forget(long tenantKey) {
        for (RequestKind kind : RequestKind.values()) {
            buckets.remove(new BucketKey(tenantKey, kind));
        }
    }

    private RateBucket newBucket(int ratePerSecond) {
        Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(ratePerSecond).refillGreedy(ratePerSecond, REFILL_PERIOD))
                .withCustomTimePrecision(timeMeter)
                .withSynchronizationStrategy(SynchronizationStrategy.LOCK_FREE)
                .build();
        return new RateBucket(ratePerSecond, bucket);
    }
}
