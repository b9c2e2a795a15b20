package dev.settle.payments;

import dev.settle.ledger.UInt128;
import java.util.Locale;

/**
 * A call to the processor that has started and whose outcome is not written yet. It is written
 * (in the intent, and under its own key for the recovery job) before the call, and cleared with
 * the outcome; one left behind by a crash or a lost answer is what recovery finishes.
 *
 * @param processorKey the idempotency key the processor knows the call by
 * @param startedMillis when the call was written, by the clock of the node that made it
 * @param amount what the call moves (authorized, captured or refunded), 0 for a void
 * @param refund the refund the call makes, or null
 * @param previous for an authorization, the status to go back to if the processor never did it
 */
public record ProcessorStep(Kind kind, String processorKey, long startedMillis, long amount, UInt128 refund,
        PaymentIntent.Status previous) {
    public enum Kind {
        AUTHORIZE, CAPTURE, VOID, REFUND;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
