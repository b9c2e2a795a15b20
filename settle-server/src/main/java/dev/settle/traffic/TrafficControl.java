package dev.settle.traffic;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The facade the API dispatcher uses: admission through the fleet guard, the tenant's concurrency
 * cap and its rate ({@link #admit}), then load shedding by priority ({@link #checkShed}). Cheap checks
 * that hold nothing come first, so a refused request costs little and leaves nothing held.
 */
public final class TrafficControl {
    private final DegradationPolicy policy;
    private final FleetGuard fleet;
    private final ConcurrencyLimiter concurrency = new ConcurrencyLimiter();
    private final RateLimiter rates;
    private final TrafficStats stats = new TrafficStats();

    /** What an admitted request holds; closing it gives everything back. */
    public interface Admission extends AutoCloseable {
        /** Releases the fleet slot and the tenant's concurrency permit; only the first call does anything. */
        @Override
        void close();
    }

    public TrafficControl(DegradationPolicy policy, LongSupplier nanoClock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.fleet = new FleetGuard(policy.inFlightMax());
        this.rates = new RateLimiter(nanoClock);
    }

    /**
     * Admits one request: fleet guard first, then (when tenantKey != null) the tenant's concurrency
     * cap, then its rate for {@code kind}. Throws TrafficRefusedException (FleetFull /
     * ConcurrencyLimited / RateLimited) with nothing left held when refused. The returned Admission
     * releases everything it holds on close (exactly once). Admin requests pass tenantKey == null and
     * limits == null: fleet guard only.
     *
     * <p>The concurrency cap comes before the rate so that a request refused for concurrency spends no
     * token: the tenant's quota pays only for requests that could run.
     */
    public Admission admit(Long tenantKey, TenantLimits limits, RequestKind kind) {
        if ((tenantKey == null) != (limits == null)) {
            throw new IllegalArgumentException("tenantKey and limits must both be given (a tenant's request)"
                    + " or both be null (an admin request)");
        }
        if (tenantKey != null) {
            Objects.requireNonNull(kind, "kind");
        }
        if (!fleet.tryEnter()) {
            stats.recordFleetFull();
            throw new TrafficRefusedException(new Refusal.FleetFull(fleet.inFlightMax()));
        }
        if (tenantKey == null) {
            stats.recordAdmitted();
            return new HeldAdmission(fleet, null);
        }
        try {
            return admitTenant(tenantKey, limits, kind);
        } catch (RuntimeException e) {
            fleet.leave();
            throw e;
        }
    }

    /**
     * Throws TrafficRefusedException(Shed) when the policy sheds this priority under {@code podLoad}.
     * The pod's queue metrics come from the caller; the in-flight percent is replaced by this fleet
     * guard's own, without the caller: it runs after {@link #admit} (its class depends on the body,
     * read after admission), and a request must not shed itself by counting its own slot.
     */
    public void checkShed(Priority priority, LoadSnapshot podLoad) {
        int othersInFlightPercent = (int) ((long) Math.max(0, fleet.inFlight() - 1) * 100 / fleet.inFlightMax());
        LoadSnapshot load = new LoadSnapshot(podLoad.queuePercent(), podLoad.queueDelayMillis(), othersInFlightPercent);
        String reason = policy.shedReason(priority, load);
        if (reason != null) {
            stats.recordShed(priority);
            throw new TrafficRefusedException(new Refusal.Shed(priority, reason));
        }
    }

    public TrafficStats stats() {
        return stats;
    }

    public DegradationPolicy policy() {
        return policy;
    }

    public FleetGuard fleet() {
        return fleet;
    }

    /** The tenant's concurrency permit, then a token; the permit goes back if the rate refuses. */
    private Admission admitTenant(long tenantKey, TenantLimits limits, RequestKind kind) {
        ConcurrencyLimiter.Permit permit = concurrency.tryEnter(tenantKey, limits.concurrentRequestsMax());
        if (permit == null) {
            stats.recordConcurrencyLimited();
            throw new TrafficRefusedException(new Refusal.ConcurrencyLimited(limits.concurrentRequestsMax()));
        }
        try {
            RateDecision decision = rates.tryAcquire(tenantKey, limits, kind);
            if (!decision.allowed()) {
                stats.recordRateLimited(kind);
                throw new TrafficRefusedException(new Refusal.RateLimited(decision));
            }
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
        stats.recordAdmitted();
        return new HeldAdmission(fleet, permit);
    }

    private static final class HeldAdmission implements Admission {
        private final FleetGuard fleet;
        /** Null for an admin request, which holds only a fleet slot. */
        private final ConcurrencyLimiter.Permit permit;
        private final AtomicBoolean released = new AtomicBoolean();

        HeldAdmission(FleetGuard fleet, ConcurrencyLimiter.Permit permit) {
            this.fleet = fleet;
            this.permit = permit;
        }

        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            try {
                if (permit != null) {
                    permit.close();
                }
            } finally {
                fleet.leave();
            }
        }
    }
}
