package dev.settle.payments;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.common.Ids;
import dev.settle.events.EventType;
import dev.settle.ledger.UInt128;
import dev.settle.payments.processor.ProcessorAnswer;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Refunds of payment intents (Stripe's {@code POST /v1/refunds}): the amount is reserved on the
 * intent with the pending refund in one guarded write, so several partial refunds at once never
 * exceed what was captured; the processor refunds; the outcome and its ledger transfer are written
 * together.
 */
public final class Refunds {
    public static final Set<String> REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private final PaymentIntents intents;
    private final PaymentReads reads;
    private final PaymentWrites writes;
    private final PaymentSteps steps;
    private final LongSupplier clockMillis;

    Refunds(PaymentIntents intents, PaymentReads reads, PaymentWrites writes, PaymentSteps steps,
            LongSupplier clockMillis) {
        this.intents = intents;
        this.reads = reads;
        this.writes = writes;
        this.steps = steps;
        this.clockMillis = clockMillis;
    }

    public Answered<Refund> create(int ledger, UInt128 intentId, Long amount, String reason,
            Map<String, String> metadata, PaymentAnswers answers) {
        byte[] requestIndex = PaymentIntents.requestIndex(ledger, answers);
        for (int attempt = 0; attempt < PaymentIntents.STALE_RETRIES; attempt++) {
            if (requestIndex != null) {
                UInt128 made = reads.madeBy(requestIndex);
                if (made != null) {
                    return again(ledger, reads.refund(ledger, made), answers);
                }
            }
            PaymentIntent p = reads.intent(ledger, intentId);
            if (p == null) {
                throw ApiException.notFound("payment_intent", "payment_intent");
            }
            if (p.status() != PaymentIntent.Status.SUCCEEDED) {
                throw PaymentIntents.unexpectedState(p, "only a succeeded payment can be refunded");
            }
            if (p.refundable() == 0) {
                throw ApiException.invalid("charge_already_refunded", "the payment was refunded in full already",
                        "payment_intent");
            }
            long refunding = amount == null ? p.refundable() : amount;
            if (refunding > p.refundable()) {
                throw ApiException.invalid("amount_too_large", "amount (" + refunding + ") is more than what is left "
                        + "to refund (" + p.refundable() + ")", "amount");
            }
            if (!steps.processor().available()) {
                throw PaymentSteps.unavailable();
            }
            long now = clockMillis.getAsLong();
            Refund refund = new Refund(Ids.newV7(now), 1, p.id(), refunding, p.currency(), reason,
                    Refund.Status.PENDING, null, null, metadata, now / 1000, answers.requestKey());
            PaymentIntent reserved = p.next().refundsInFlight(p.refundsInFlight() + refunding).build();
            PaymentWrites.Change change = new PaymentWrites.Change(ledger).intent(p, reserved)
                    .refund(null, refund, EventType.REFUND_CREATED);
            if (requestIndex != null) {
                change.claim(requestIndex, PaymentRecords.refundKey(ledger, refund.id()));
            }
            PaymentWrites.Result result = writes.write(change, null);
            if (result instanceof PaymentWrites.Replayed r) {
                return Answered.replay(r.storedAnswer());
            }
            if (result instanceof PaymentWrites.Written) {
                return finish(ledger, reserved, refund, steps.processor().refund(PaymentSteps.refundKey(refund),
                        p.latestCharge(), refunding), answers);
            }
        }
        throw new ApiException(409, ErrorType.INVALID_REQUEST, "lock_timeout",
                "the payment intent is changed by other requests right now; retry", null);
    }

    /** Finishes a pending refund with the processor's answer; reads the intent again when it moved on. */
    Answered<Refund> finish(int ledger, PaymentIntent p, Refund r, ProcessorAnswer answer, PaymentAnswers answers) {
        PaymentIntent intent = p;
        for (int attempt = 0; attempt < PaymentIntents.STALE_RETRIES; attempt++) {
            Answered<Refund> done = steps.finishRefund(ledger, intent, r, answer, answers);
            if (done != null) {
                return done;
            }
            Refund now = reads.refund(ledger, r.id());
            if (now.status() != Refund.Status.PENDING) {
                return Answered.of(now); // finished by another (recovery)
            }
            intent = reads.intent(ledger, r.paymentIntent());
            answer = new ProcessorAnswer.Unknown("the intent changed meanwhile: settle by the key");
        }
        return Answered.of(reads.refund(ledger, r.id()));
    }

    /** A retry of the request that made the refund: settle it if it is still pending, then answer it. */
    private Answered<Refund> again(int ledger, Refund r, PaymentAnswers answers) {
        if (r.status() != Refund.Status.PENDING) {
            return Answered.of(r);
        }
        return finish(ledger, reads.intent(ledger, r.paymentIntent()), r,
                new ProcessorAnswer.Unknown("a retry of the request"), answers);
    }

    public Refund existing(int ledger, UInt128 id) {
        Refund r = reads.refund(ledger, id);
        if (r == null) {
            throw ApiException.notFound("refund", "id");
        }
        return r;
    }

    PaymentIntents intents() {
        return intents;
    }
}
