package dev.settle.traffic;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps each tenant's requests in flight, so one tenant's slow requests cannot hold every worker.
 * Thread-safe and lock-free: one counter per tenant, raised by compare-and-set only while under the
 * cap, so it never exceeds it even for a moment. There is one counter per tenant that ever sent a
 * request, which the tenant registry bounds.
 */
public final class ConcurrencyLimiter {
    private final ConcurrentHashMap<Long, AtomicInteger> inFlightByTenant = new ConcurrentHashMap<>();

    /** An entry held by one request; closing it leaves. */
    public interface Permit extends AutoCloseable {
        /** Releases the permit; only the first call does anything. */
        @Override
        void close();
    }

    /**
     * Null when the tenant already has {@code max} requests in flight; otherwise a permit that
     * releases exactly once on close (a second close does nothing).
     */
    public Permit tryEnter(long tenantKey, int max) {
        if (max < 1 || max > TenantLimits.CONCURRENT_REQUESTS_LIMIT) {
            throw new IllegalArgumentException(
                    "max must be 1.." + TenantLimits.CONCURRENT_REQUESTS_LIMIT + ", got " + max);
        }
        AtomicInteger inFlight = inFlightByTenant.get(tenantKey);
        if (inFlight == null) {
            inFlight = inFlightByTenant.computeIfAbsent(tenantKey, unused -> new AtomicInteger());
        }
        // Each failed compare-and-set means another request entered or left; the loop ends as soon as
        // this one wins or the cap is reached.
        while (true) {
            int current = inFlight.get();
            if (current >= max) {
                return null;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return new TenantPermit(tenantKey, inFlight);
            }
        }
    }

    /** The tenant's requests in flight now. */
    public int inFlight(long tenantKey) {
        AtomicInteger inFlight = inFlightByTenant.get(tenantKey);
        return inFlight == null ? 0 : inFlight.get();
    }

    private static final class TenantPermit implements Permit {
        private final long tenantKey;
        private final AtomicInteger inFlight;
        private final AtomicBoolean released = new AtomicBoolean();

        TenantPermit(long tenantKey, AtomicInteger inFlight) {
            this.tenantKey = tenantKey;
            this.inFlight = inFlight;
        }

        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            int after = inFlight.decrementAndGet();
            if (after < 0) {
                throw new IllegalStateException("tenant " + tenantKey + " has " + after + " requests in flight");
            }
        }
    }
}
