package dev.settle.payments;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.events.EventType;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import dev.settle.payments.processor.Processor;
import dev.settle.payments.processor.ProcessorAnswer;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Finishes a step that ran at the processor: from the processor's answer, the intent's next
 * version and its ledger transfers, written together. Used by the request that made the step and
 * by recovery, which asks the processor for the answer by the step's idempotency key.
 *
 * <p>An answer that leaves the outcome open (no answer, or "did nothing" after a try that may have
 * done something) is settled first: the processor is asked for what it recorded under the key, and
 * a key it never saw is fenced, so a late call can never charge. When even that gets no answer,
 * the step stays written and recovery settles it later.
 */
final class PaymentSteps {
    private final PaymentReads reads;
    private final PaymentWrites writes;
    private final Processor processor;
    private final LongSupplier clockMillis;
    private final Duration authorizationExpiry;

    PaymentSteps(PaymentReads reads, PaymentWrites writes, Processor processor, LongSupplier clockMillis,
            Duration authorizationExpiry) {
        this.reads = reads;
        this.writes = writes;
        this.processor = processor;
        this.clockMillis = clockMillis;
        this.authorizationExpiry = authorizationExpiry;
    }

    Processor processor() {
        return processor;
    }

    /** The processor's key for the step an intent at {@code version} starts. */
    static String processorKey(UInt128 object, String step, int version) {
        return PaymentRecords.INTENT_IDS.format(object) + "-" + step + "-" + version;
    }

    /** Finishes the intent's step ({@code p.step()} is set) with the processor's answer to it. */
    Answered<PaymentIntent> finish(int ledger, PaymentIntent p, ProcessorAnswer answer, PaymentAnswers answers) {
        ProcessorStep step = p.step();
        ProcessorAnswer settled = settled(step.processorKey(), answer);
        if (settled == null) {
            return Answered.of(p); // still open: recovery settles it
        }
        PaymentWrites.Change change = new PaymentWrites.Change(ledger);
        Decided decided = switch (step.kind()) {
            case AUTHORIZE -> authorized(ledger, p, settled, change);
            case CAPTURE -> captured(ledger, p, settled, change);
            case VOID -> voided(ledger, p, settled, change);
            case REFUND -> throw new IllegalStateException("refunds finish through finishRefund");
        };
        PaymentWrites.Result result = writes.write(change, answers.forIntent(decided.intent, decided.error));
        return switch (result) {
            case PaymentWrites.Written w -> new Answered<>(decided.intent, decided.error, null);
            case PaymentWrites.Replayed r -> Answered.replay(r.storedAnswer());
            case PaymentWrites.Stale s -> Answered.of(reads.intent(ledger, p.id())); // finished by another
        };
    }

    /** Finishes a pending refund with the processor's answer to it. */
    Answered<Refund> finishRefund(int ledger, PaymentIntent p, Refund r, ProcessorAnswer answer,
            PaymentAnswers answers) {
        ProcessorAnswer settled = settled(refundKey(r), answer);
        if (settled == null) {
            return Answered.of(r);
        }
        PaymentWrites.Change change = new PaymentWrites.Change(ledger);
        Refund after;
        if (settled instanceof ProcessorAnswer.RefundMade made) {
            PaymentIntent refunded = p.next().amountRefunded(p.amountRefunded() + r.amount())
                    .refundsInFlight(p.refundsInFlight() - r.amount()).build();
            after = r.finished(Refund.Status.SUCCEEDED, null, made.id());
            change.intent(p, refunded, EventType.CHARGE_REFUNDED).refund(r, after, EventType.REFUND_UPDATED)
                    .transfers(PaymentLedger.batch(PaymentLedger.refund(
                            PaymentLedger.transferId(r.id(), "refund", r.version()), p, r)));
        } else {
            PaymentIntent released = p.next().refundsInFlight(p.refundsInFlight() - r.amount()).build();
            after = r.finished(Refund.Status.FAILED, failureOf(settled), null);
            change.intent(p, released).refund(r, after, EventType.REFUND_UPDATED);
        }
        PaymentWrites.Result result = writes.write(change, answers.forRefund(after, null));
        return switch (result) {
            case PaymentWrites.Written w -> Answered.of(after);
            case PaymentWrites.Replayed rep -> Answered.replay(rep.storedAnswer());
            case PaymentWrites.Stale s -> null; // the intent moved on meanwhile: the caller reads again
        };
    }

    static String refundKey(Refund r) {
        return PaymentRecords.REFUND_IDS.format(r.id()) + "-refund";
    }

    /**
     * The answer, settled by the processor's record when it leaves the outcome open; null when it
     * is still open (the processor could not be asked). A call that never reached the processor
     * ({@link ProcessorAnswer.NotPerformed}) is an outcome: its step is undone.
     */
    private ProcessorAnswer settled(String key, ProcessorAnswer answer) {
        if (answer instanceof ProcessorAnswer.NotPerformed) {
            return answer;
        }
        if (answer instanceof ProcessorAnswer.Unknown) {
            answer = processor.settle(key);
        }
        return answer instanceof ProcessorAnswer.Unknown || answer instanceof ProcessorAnswer.NotPerformed ? null
                : answer;
    }

    private record Decided(PaymentIntent intent, ApiException error) {}

    private Decided authorized(int ledger, PaymentIntent p, ProcessorAnswer answer, PaymentWrites.Change change) {
        PaymentIntent.Builder next = p.next().step(null);
        if (answer instanceof ProcessorAnswer.Charge charge) {
            next.latestCharge(charge.id());
            switch (charge.status()) {
                case ProcessorAnswer.Charge.CAPTURED -> {
                    PaymentIntent after = next.status(PaymentIntent.Status.SUCCEEDED).amountReceived(p.amount())
                            .feeCharged(charge.fee()).lastPaymentError(null).build();
                    change.intent(p, after, EventType.PAYMENT_INTENT_SUCCEEDED)
                            .transfers(withFee(PaymentLedger.charge(transfer(p, "charge"), after, p.amount(), 0),
                                    after, charge.fee()));
                    return new Decided(after, null);
                }
                case ProcessorAnswer.Charge.AUTHORIZED -> {
                    UInt128 authorization = transfer(p, "authorize");
                    PaymentIntent after = next.status(PaymentIntent.Status.REQUIRES_CAPTURE)
                            .amountCapturable(p.amount()).authorization(authorization).lastPaymentError(null).build();
                    change.intent(p, after, EventType.PAYMENT_INTENT_AMOUNT_CAPTURABLE_UPDATED)
                            .put(PaymentRecords.expiryKey(ledger, p.id()), PaymentRecords.expiryValue(
                                    clockMillis.getAsLong() + authorizationExpiry.toMillis()), true)
                            .transfers(PaymentLedger.batch(PaymentLedger.authorization(authorization, after)));
                    return new Decided(after, null);
                }
                case ProcessorAnswer.Charge.REQUIRES_ACTION -> {
                    PaymentIntent after = next.status(PaymentIntent.Status.REQUIRES_ACTION).build();
                    change.intent(p, after, EventType.PAYMENT_INTENT_REQUIRES_ACTION);
                    return new Decided(after, null);
                }
                default -> {
                    PaymentError error = new PaymentError(PaymentError.CARD_ERROR, "card_declined",
                            charge.declineCode() == null ? "generic_decline" : charge.declineCode(),
                            declineMessage(charge.declineCode()), p.paymentMethod());
                    return failed(p, next, error, change);
                }
            }
        }
        if (answer instanceof ProcessorAnswer.NotPerformed) {
            // Nothing reached the processor: the intent is as it was before the confirm.
            PaymentIntent after = next.status(p.step().previous()).build();
            change.intent(p, after);
            return new Decided(after, unavailable());
        }
        if (answer instanceof ProcessorAnswer.NeverMade) {
            PaymentError error = new PaymentError(PaymentError.API_ERROR, "processing_error", null,
                    "the processor did not take the payment; confirm it again", p.paymentMethod());
            return failed(p, next, error, change);
        }
        ProcessorAnswer.Refused refused = (ProcessorAnswer.Refused) answer;
        PaymentError error = new PaymentError(PaymentError.CARD_ERROR, "processing_error", null,
                "the processor refused the payment (" + refused.code() + ")", p.paymentMethod());
        return failed(p, next, error, change);
    }

    /** The attempt failed: the intent waits for another payment method, and the request answers the error. */
    private static Decided failed(PaymentIntent p, PaymentIntent.Builder next, PaymentError error,
            PaymentWrites.Change change) {
        PaymentIntent after = next.status(PaymentIntent.Status.REQUIRES_PAYMENT_METHOD).lastPaymentError(error).build();
        change.intent(p, after, EventType.PAYMENT_INTENT_PAYMENT_FAILED);
        boolean card = error.type().equals(PaymentError.CARD_ERROR);
        ApiException answer = new ApiException(card ? 402 : 503, card ? ErrorType.CARD : ErrorType.API, error.code(),
                error.message(), null);
        if (error.declineCode() != null) {
            answer.withDetail("decline_code", error.declineCode());
        }
        if (after.latestCharge() != null) {
            answer.withDetail("charge", after.latestCharge());
        }
        return new Decided(after, answer);
    }

    private Decided captured(int ledger, PaymentIntent p, ProcessorAnswer answer, PaymentWrites.Change change) {
        long amount = p.step().amount();
        if (answer instanceof ProcessorAnswer.Charge charge && charge.status().equals(ProcessorAnswer.Charge.CAPTURED)) {
            PaymentIntent after = p.next().step(null).status(PaymentIntent.Status.SUCCEEDED).amountReceived(amount)
                    .amountCapturable(0).authorization(null).feeCharged(charge.fee()).build();
            change.intent(p, after, EventType.PAYMENT_INTENT_SUCCEEDED)
                    .put(PaymentRecords.expiryKey(ledger, p.id()), null, false)
                    .transfers(withFee(PaymentLedger.capture(transfer(p, "capture"), p, amount, 0), after,
                            charge.fee()));
            return new Decided(after, null);
        }
        PaymentIntent after = p.next().step(null).build();
        change.intent(p, after);
        return new Decided(after, refusal("capture", answer));
    }

    private Decided voided(int ledger, PaymentIntent p, ProcessorAnswer answer, PaymentWrites.Change change) {
        if (answer instanceof ProcessorAnswer.Charge charge && charge.status().equals(ProcessorAnswer.Charge.VOIDED)) {
            String reason = p.cancellationReason() == null ? "requested_by_customer" : p.cancellationReason();
            PaymentIntent after = p.next().step(null).status(PaymentIntent.Status.CANCELED).amountCapturable(0)
                    .authorization(null).canceled(clockMillis.getAsLong() / 1000, reason).build();
            change.intent(p, after, EventType.PAYMENT_INTENT_CANCELED)
                    .put(PaymentRecords.expiryKey(ledger, p.id()), null, false)
                    .transfers(PaymentLedger.batch(PaymentLedger.voiding(transfer(p, "void"), p)));
            return new Decided(after, null);
        }
        PaymentIntent after = p.next().step(null).canceled(0, null).build();
        change.intent(p, after);
        return new Decided(after, refusal("cancel", answer));
    }

    private static ApiException refusal(String what, ProcessorAnswer answer) {
        if (answer instanceof ProcessorAnswer.NotPerformed) {
            return unavailable();
        }
        String detail = answer instanceof ProcessorAnswer.Refused r ? r.code() : "the processor never took it";
        return new ApiException(400, ErrorType.INVALID_REQUEST, "payment_intent_unexpected_state",
                "the processor refused the " + what + " (" + detail + "); the payment intent is unchanged", null);
    }

    /** The step's transfer and, when the processor took a fee, the fee leg linked to it. */
    private static dev.settle.ledger.TransferBatch withFee(NewTransfer money, PaymentIntent p, long fee) {
        if (fee <= 0) {
            return PaymentLedger.batch(money);
        }
        return PaymentLedger.batch(money.withFlags(money.flags() | TransferFlags.LINKED),
                PaymentLedger.fee(transfer(p, "fee"), p, fee));
    }

    /** The id of the transfer a step of {@code p} (at its version) makes. */
    private static UInt128 transfer(PaymentIntent p, String step) {
        return PaymentLedger.transferId(p.id(), step, p.version());
    }

    private static String failureOf(ProcessorAnswer answer) {
        return switch (answer) {
            case ProcessorAnswer.NeverMade never -> "processor_did_not_refund";
            case ProcessorAnswer.NotPerformed down -> "processor_unavailable";
            default -> "declined";
        };
    }

    /** The processor could not be reached: nothing was done, try again later. */
    static ApiException unavailable() {
        return new ApiException(503, ErrorType.API, "processor_unavailable",
                "the card processor is not answering; nothing was charged, try again later", null);
    }

    static String declineMessage(String declineCode) {
        return "insufficient_funds".equals(declineCode) ? "Your card has insufficient funds."
                : "Your card was declined.";
    }
}
