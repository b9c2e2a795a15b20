package dev.settle.traffic;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the request bodies held in memory: bytes in flight for the whole process and for each
 * tenant. A request reserves its body's size (its {@code Content-Length}, or its route's limit when
 * the length is not declared) before a byte of it is read, and gives it back once answered, so a
 * tenant that opens many connections and sends large bodies slowly is refused with nothing read,
 * instead of filling the heap. Lock-free; the per-tenant counters disappear when they reach zero.
 */
public final class BodyBudget {
    /** Keys of requests that have no tenant (the admin API) share this one. */
    public static final long ADMIN_KEY = -1;

    private final long processBytesMax;
    private final long tenantBytesMax;
    private final AtomicLong processBytes = new AtomicLong();
    private final ConcurrentHashMap<Long, AtomicLong> tenantBytes = new ConcurrentHashMap<>();
    private final AtomicLong refusedTenant = new AtomicLong();
    private final AtomicLong refusedProcess = new AtomicLong();

    /** What a reserved body holds; closing it gives the bytes back (only the first call does). */
    public interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    private static final Reservation NOTHING = () -> { };

    /**
     * @param processBytesMax body bytes in flight, all requests together
     * @param tenantBytesMax body bytes in flight for one tenant (at most {@code processBytesMax})
     */
    public BodyBudget(long processBytesMax, long tenantBytesMax) {
        if (processBytesMax < 1 || tenantBytesMax < 1 || tenantBytesMax > processBytesMax) {
            throw new IllegalArgumentException("body budgets must be positive with tenant <= process, got process "
                    + processBytesMax + ", tenant " + tenantBytesMax);
        }
        this.processBytesMax = processBytesMax;
        this.tenantBytesMax = tenantBytesMax;
    }

    /**
     * Reserves {@code bytes} for a body of {@code tenantKey}'s; throws TrafficRefusedException
     * ({@link Refusal.BodyBytesTenant} or {@link Refusal.BodyBytesProcess}) with nothing held when
     * either budget would be exceeded. A body larger than the tenant's whole budget can never fit:
     * callers refuse such bodies as too large before reserving.
     */
    public Reservation reserve(long tenantKey, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
        }
        if (bytes == 0) {
            return NOTHING;
        }
        AtomicLong tenant = tenantBytes.computeIfAbsent(tenantKey, k -> new AtomicLong());
        if (!tryAdd(tenant, bytes, tenantBytesMax)) {
            release(tenantKey, tenant, 0);
            refusedTenant.incrementAndGet();
            throw new TrafficRefusedException(new Refusal.BodyBytesTenant(tenantBytesMax));
        }
        if (!tryAdd(processBytes, bytes, processBytesMax)) {
            release(tenantKey, tenant, bytes);
            refusedProcess.incrementAndGet();
            throw new TrafficRefusedException(new Refusal.BodyBytesProcess(processBytesMax));
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                processBytes.addAndGet(-bytes);
                release(tenantKey, tenant, bytes);
            }
        };
    }

    public long processBytesInFlight() {
        return processBytes.get();
    }

    /** Requests refused because their tenant's budget was held. */
    public long refusedTenant() {
        return refusedTenant.get();
    }

    /** Requests refused because the process's budget was held. */
    public long refusedProcess() {
        return refusedProcess.get();
    }

    public long processBytesMax() {
        return processBytesMax;
    }

    public long tenantBytesMax() {
        return tenantBytesMax;
    }

    /** Adds {@code bytes} to {@code counter} unless that would pass {@code max}. */
    private static boolean tryAdd(AtomicLong counter, long bytes, long max) {
        while (true) {
            long current = counter.get();
            if (current + bytes > max) {
                return false;
            }
            if (counter.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Gives {@code bytes} back and drops the tenant's counter when nothing is left in it. */
    private void release(long tenantKey, AtomicLong tenant, long bytes) {
        if (tenant.addAndGet(-bytes) == 0) {
            tenantBytes.remove(tenantKey, tenant);
        }
    }
}
