package dev.settle.payments;

import dev.settle.ledger.UInt128;
import java.util.Map;

/**
 * A payment intent as stored: Stripe's object, and what Settle needs to drive it (its version,
 * the step that runs at the processor, the ledger's open authorization). Immutable; every change
 * makes the next version, written with its ledger transfers in one guarded change.
 *
 * @param version 1 when created, one more with each change
 * @param amountRefunded refunded so far; {@code refundsInFlight} more are at the processor
 * @param authorization the open pending transfer of an authorization waiting for capture, or null
 * @param feeCharged the processor's fee on what was captured
 * @param latestCharge the processor's charge id of the latest attempt, or null
 * @param step the step running at the processor, or null
 * @param requestKey the idempotency key (its stored form, hex) of the request that made the
 *     latest step, so that the same request retried gets the answer again; or null
 */
public record PaymentIntent(
        UInt128 id,
        int version,
        long amount,
        String currency,
        CaptureMethod captureMethod,
        String paymentMethod,
        Status status,
        long amountCapturable,
        long amountReceived,
        long amountRefunded,
        long refundsInFlight,
        UInt128 authorization,
        long feeCharged,
        String latestCharge,
        String description,
        Map<String, String> metadata,
        String customer,
        long createdSeconds,
        long canceledAtSeconds,
        String cancellationReason,
        PaymentError lastPaymentError,
        ProcessorStep step,
        String requestKey) {

    /** Stripe's statuses, by their API names. */
    public enum Status {
        REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING, REQUIRES_CAPTURE, SUCCEEDED,
        CANCELED;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status ofApiName(String name) {
            for (Status s : values()) {
                if (s.apiName().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown payment intent status " + name);
        }
    }

    public enum CaptureMethod {
        AUTOMATIC, MANUAL;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PaymentIntent {
        metadata = Map.copyOf(metadata);
        if (amount <= 0 || amountCapturable < 0 || amountReceived < 0 || amountRefunded < 0 || refundsInFlight < 0
                || amountRefunded + refundsInFlight > amountReceived || amountReceived > amount
                || amountCapturable > amount) {
            throw new IllegalStateException("payment intent " + id + " amounts out of order");
        }
    }

    /** True while nothing may change it but the step that runs (one step at a time). */
    public boolean busy() {
        return step != null;
    }

    /** What may still be refunded. */
    public long refundable() {
        return amountReceived - amountRefunded - refundsInFlight;
    }

    /** A builder holding this intent's fields, for the next version. */
    public Builder next() {
        return new Builder(this);
    }

    /** The next version of an intent, field by field. */
    public static final class Builder {
        private final PaymentIntent from;
        long amount;
        String currency;
        CaptureMethod captureMethod;
        String paymentMethod;
        Status status;
        long amountCapturable;
        long amountReceived;
        long amountRefunded;
        long refundsInFlight;
        UInt128 authorization;
        long feeCharged;
        String latestCharge;
        String description;
        Map<String, String> metadata;
        String customer;
        long canceledAtSeconds;
        String cancellationReason;
        PaymentError lastPaymentError;
        ProcessorStep step;
        String requestKey;

        private Builder(PaymentIntent p) {
            from = p;
            amount = p.amount;
            currency = p.currency;
            captureMethod = p.captureMethod;
            paymentMethod = p.paymentMethod;
            status = p.status;
            amountCapturable = p.amountCapturable;
            amountReceived = p.amountReceived;
            amountRefunded = p.amountRefunded;
            refundsInFlight = p.refundsInFlight;
            authorization = p.authorization;
            feeCharged = p.feeCharged;
            latestCharge = p.latestCharge;
            description = p.description;
            metadata = p.metadata;
            customer = p.customer;
            canceledAtSeconds = p.canceledAtSeconds;
            cancellationReason = p.cancellationReason;
            lastPaymentError = p.lastPaymentError;
            step = p.step;
            requestKey = p.requestKey;
        }

        public Builder amount(long value) { amount = value; return this; }
        public Builder currency(String value) { currency = value; return this; }
        public Builder captureMethod(CaptureMethod value) { captureMethod = value; return this; }
        public Builder paymentMethod(String value) { paymentMethod = value; return this; }
        public Builder status(Status value) { status = value; return this; }
        public Builder amountCapturable(long value) { amountCapturable = value; return this; }
        public Builder amountReceived(long value) { amountReceived = value; return this; }
        public Builder amountRefunded(long value) { amountRefunded = value; return this; }
        public Builder refundsInFlight(long value) { refundsInFlight = value; return this; }
        public Builder authorization(UInt128 value) { authorization = value; return this; }
        public Builder feeCharged(long value) { feeCharged = value; return this; }
        public Builder latestCharge(String value) { latestCharge = value; return this; }
        public Builder description(String value) { description = value; return this; }
        public Builder metadata(Map<String, String> value) { metadata = value; return this; }
        public Builder customer(String value) { customer = value; return this; }
        public Builder canceled(long atSeconds, String reason) {
            canceledAtSeconds = atSeconds;
            cancellationReason = reason;
            return this;
        }
        public Builder lastPaymentError(PaymentError value) { lastPaymentError = value; return this; }
        public Builder step(ProcessorStep value) { step = value; return this; }
        public Builder requestKey(String value) { requestKey = value; return this; }

        public PaymentIntent build() {
            return new PaymentIntent(from.id, from.version + 1, amount, currency, captureMethod, paymentMethod, status,
                    amountCapturable, amountReceived, amountRefunded, refundsInFlight, authorization, feeCharged,
                    latestCharge, description, metadata, customer, from.createdSeconds, canceledAtSeconds,
                    cancellationReason, lastPaymentError, step, requestKey);
        }
    }
}
