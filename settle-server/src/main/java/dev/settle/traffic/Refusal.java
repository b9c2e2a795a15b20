package dev.settle.traffic;

import java.util.Objects;

/** Why a request was refused; the api layer maps each case to its status code and headers. */
public sealed interface Refusal {
    /** The tenant spent its quota for this kind of request. */
    record RateLimited(RateDecision decision) implements Refusal {
        public RateLimited {
            if (decision.allowed()) {
                throw new IllegalArgumentException("an allowed decision is not a refusal: " + decision);
            }
        }
    }

    /** The tenant already has its maximum of requests in flight. */
    record ConcurrencyLimited(int concurrentRequestsMax) implements Refusal {}

    /** The server is loaded enough that this priority class is refused. */
    record Shed(Priority priority, String reason) implements Refusal {
        public Shed {
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The process has its maximum of requests in flight, all tenants together. */
    record FleetFull(int inFlightMax) implements Refusal {}
}
