package dev.settle.payments;

import dev.settle.ledger.UInt128;
import java.util.Locale;
import java.util.Map;

/**
 * A refund of part or all of a payment intent, Stripe's object: {@code pending} while the
 * processor works on it, then {@code succeeded} (its ledger transfer written with it) or
 * {@code failed}.
 *
 * @param processorRefund the processor's refund id once it answered, or null
 * @param requestKey the idempotency key (stored form, hex) of the request that made it, or null
 */
public record Refund(UInt128 id, int version, UInt128 paymentIntent, long amount, String currency, String reason,
        Status status, String failureReason, String processorRefund, Map<String, String> metadata,
        long createdSeconds, String requestKey) {
    public enum Status {
        PENDING, SUCCEEDED, FAILED;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Refund {
        metadata = Map.copyOf(metadata);
    }

    public Refund finished(Status outcome, String failure, String processorId) {
        return new Refund(id, version + 1, paymentIntent, amount, currency, reason, outcome, failure, processorId,
                metadata, createdSeconds, requestKey);
    }
}
