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
    record ConcurrencyLimited(int concurrentRequestsMax) implements Refusal {
        /** A request in flight usually ends within a second: the hint for Retry-After. */
        public static final int RETRY_AFTER_SECONDS = 1;
        private static final String POLICY = "\"concurrency\"";

        /** The RateLimit-Policy header's value, e.g. {@code "concurrency";q=512}. */
        public String policyHeader() {
            return POLICY + ";q=" + concurrentRequestsMax;
        }

        /** The RateLimit header's value: none left, retry after {@link #RETRY_AFTER_SECONDS}. */
        public String rateLimitHeader() {
            return POLICY + ";r=0;t=" + RETRY_AFTER_SECONDS;
        }
    }

    /** The server is loaded enough that this priority class is refused. */
    record Shed(Priority priority, String reason) implements Refusal {
        public Shed {
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The process has its maximum of requests in flight, all tenants together. */
    record FleetFull(int inFlightMax) implements Refusal {}

    /** The tenant's request bodies in flight already hold its byte budget. */
    record BodyBytesTenant(long bytesMax) implements Refusal {}

    /** The process's request bodies in flight already hold its byte budget, all tenants together. */
    record BodyBytesProcess(long bytesMax) implements Refusal {}
}
