package dev.settle.traffic;

import java.util.Objects;

/**
 * Carries a {@link Refusal} from the limiters to the api layer. It is thrown once per refused request,
 * possibly thousands of times a second under overload, so it records no stack trace: the refusal
 * says everything there is to know.
 */
public final class TrafficRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;

    public TrafficRefusedException(Refusal refusal) {
        super(message(Objects.requireNonNull(refusal, "refusal")), null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    private static String message(Refusal refusal) {
        return switch (refusal) {
            case Refusal.RateLimited limited -> "rate limited: " + limited.decision().quotaPerSecond() + " "
                    + limited.decision().kind().wireName() + " per second; retry after "
                    + limited.decision().retryAfterSeconds() + " s";
            case Refusal.ConcurrencyLimited limited ->
                    "concurrency limited: " + limited.concurrentRequestsMax() + " requests of the tenant in flight";
            case Refusal.Shed shed -> "shed " + shed.priority().wireName() + " requests: " + shed.reason();
            case Refusal.FleetFull full -> "server full: " + full.inFlightMax() + " requests in flight";
            case Refusal.BodyBytesTenant bytes -> "tenant body budget full: " + bytes.bytesMax() + " bytes";
            case Refusal.BodyBytesProcess bytes -> "process body budget full: " + bytes.bytesMax() + " bytes";
        };
    }
}
