package dev.settle.traffic;

/**
 * One tenant's traffic limits.
 *
 * @param readsPerSecond sustained reads per second; also the burst, since a bucket holds one second
 * @param writesPerSecond sustained writes per second; also the burst
 * @param concurrentRequestsMax requests of the tenant in flight at once
 */
public record TenantLimits(int readsPerSecond, int writesPerSecond, int concurrentRequestsMax) {
    /** A bucket's capacity is one second of its rate, so this also bounds every bucket's size. */
    public static final int RATE_PER_SECOND_MAX = 1_000_000;
    public static final int CONCURRENT_REQUESTS_LIMIT = 100_000;
    public static final TenantLimits DEFAULTS = new TenantLimits(20_000, 20_000, 512);

    public TenantLimits {
        requireWithin("reads_per_second", readsPerSecond, RATE_PER_SECOND_MAX);
        requireWithin("writes_per_second", writesPerSecond, RATE_PER_SECOND_MAX);
        requireWithin("concurrent_requests_max", concurrentRequestsMax, CONCURRENT_REQUESTS_LIMIT);
    }

    /** The rate of the quota that {@code kind} spends. */
    public int perSecond(RequestKind kind) {
        return switch (kind) {
            case READ -> readsPerSecond;
            case WRITE -> writesPerSecond;
        };
    }

    private static void requireWithin(String field, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(field + " must be 1.." + max + ", got " + value);
        }
    }
}
