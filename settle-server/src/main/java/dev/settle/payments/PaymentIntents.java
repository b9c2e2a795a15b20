package dev.settle.payments;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.common.Ids;
import dev.settle.events.EventType;
import dev.settle.ledger.UInt128;
import dev.settle.payments.processor.ProcessorAnswer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Payment intents' operations (docs/payments.md): create, update, confirm, capture, cancel. Each
 * change is a guarded write of the intent as read (so two requests on one intent never both
 * win); a call to the processor is framed by two writes: the step, written before the call, and
 * its outcome with its ledger transfers, written after. Retries of a request (same idempotency
 * key) find what it did instead of doing it again.
 */
public final class PaymentIntents {
    /** Stripe's largest amount in a currency's minor unit (eight digits of major units). */
    public static final long AMOUNT_MAX = 99_999_999_99L;
    /** How many times a change that lost a race is read and tried again. */
    static final int STALE_RETRIES = 8;
    public static final Set<String> CANCELLATION_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer",
            "abandoned");
    /** The reason of an authorization voided because it was not captured in time. */
    public static final String EXPIRED_REASON = "automatic";

    private final PaymentReads reads;
    private final PaymentWrites writes;
    private final PaymentSteps steps;
    private final PaymentLedger ledgerAccounts;
    private final LongSupplier clockMillis;

    PaymentIntents(PaymentReads reads, PaymentWrites writes, PaymentSteps steps, PaymentLedger ledgerAccounts,
            LongSupplier clockMillis) {
        this.reads = reads;
        this.writes = writes;
        this.steps = steps;
        this.ledgerAccounts = ledgerAccounts;
        this.clockMillis = clockMillis;
    }

    public PaymentReads reads() {
        return reads;
    }

    PaymentSteps steps() {
        return steps;
    }

    public Answered<PaymentIntent> create(int ledger, NewPaymentIntent n, PaymentAnswers answers) {
        byte[] requestIndex = requestIndex(ledger, answers);
        if (requestIndex != null) {
            UInt128 made = reads.madeBy(requestIndex);
            if (made != null) {
                return again(ledger, reads.intent(ledger, made), answers);
            }
        }
        if (n.paymentMethod() != null) {
            checkMethod(n.paymentMethod());
        }
        // The currency's accounts exist before the intent does: its steps only ever move money.
        ledgerAccounts.ensureAccounts(ledger, n.currency());
        long now = clockMillis.getAsLong();
        PaymentIntent.Status status = n.paymentMethod() == null ? PaymentIntent.Status.REQUIRES_PAYMENT_METHOD
                : PaymentIntent.Status.REQUIRES_CONFIRMATION;
        PaymentIntent created = new PaymentIntent(Ids.newV7(now), 1, n.amount(), n.currency(), n.captureMethod(),
                n.paymentMethod(), status, 0, 0, 0, 0, null, 0, null, blankToNull(n.description()), n.metadata(),
                blankToNull(n.customer()),
                now / 1000, 0, null, null, null, answers.requestKey());
        if (n.confirm()) {
            if (n.paymentMethod() == null) {
                throw missingMethod();
            }
            return startAuthorization(ledger, null, created, requestIndex, answers);
        }
        PaymentWrites.Change change = new PaymentWrites.Change(ledger).intent(null, created,
                EventType.PAYMENT_INTENT_CREATED);
        claim(change, requestIndex, ledger, created.id());
        return switch (writes.write(change, answers.forIntent(created, null))) {
            case PaymentWrites.Written w -> Answered.of(created);
            case PaymentWrites.Replayed r -> Answered.replay(r.storedAnswer());
            case PaymentWrites.Stale s -> again(ledger, reads.intent(ledger, reads.madeBy(requestIndex)), answers);
        };
    }

    public Answered<PaymentIntent> update(int ledger, UInt128 id, IntentUpdate u, PaymentAnswers answers) {
        for (int attempt = 0; attempt < STALE_RETRIES; attempt++) {
            PaymentIntent p = existing(ledger, id);
            if (p.busy()) {
                throw busy(p);
            }
            boolean early = p.status() == PaymentIntent.Status.REQUIRES_PAYMENT_METHOD
                    || p.status() == PaymentIntent.Status.REQUIRES_CONFIRMATION
                    || p.status() == PaymentIntent.Status.REQUIRES_ACTION;
            if (u.changesTheCharge() && !early) {
                throw unexpectedState(p, "its amount, currency, payment method and capture method cannot change");
            }
            if (u.paymentMethod() != null) {
                checkMethod(u.paymentMethod());
            }
            PaymentIntent.Builder next = p.next();
            if (u.amount() != null) {
                next.amount(u.amount());
            }
            if (u.currency() != null) {
                next.currency(u.currency());
            }
            if (u.captureMethod() != null) {
                next.captureMethod(u.captureMethod());
            }
            if (u.paymentMethod() != null) {
                next.paymentMethod(u.paymentMethod()).status(PaymentIntent.Status.REQUIRES_CONFIRMATION);
            }
            if (u.description() != null) {
                next.description(u.description().isEmpty() ? null : u.description());
            }
            if (u.customer() != null) {
                next.customer(u.customer().isEmpty() ? null : u.customer());
            }
            if (u.metadata() != null || u.clearMetadata()) {
                next.metadata(merged(u.clearMetadata() ? Map.of() : p.metadata(),
                        u.metadata() == null ? Map.of() : u.metadata()));
            }
            PaymentIntent after = next.requestKey(answers.requestKey()).build();
            Answered<PaymentIntent> done = write(ledger, p, after, answers, null);
            if (done != null) {
                return done;
            }
        }
        throw contended(id);
    }

    public Answered<PaymentIntent> confirm(int ledger, UInt128 id, String paymentMethod, PaymentAnswers answers) {
        for (int attempt = 0; attempt < STALE_RETRIES; attempt++) {
            Read read = readForChange(ledger, id, answers);
            if (read.answered() != null) {
                return read.answered();
            }
            PaymentIntent p = read.intent();
            if (p.status() != PaymentIntent.Status.REQUIRES_PAYMENT_METHOD
                    && p.status() != PaymentIntent.Status.REQUIRES_CONFIRMATION
                    && p.status() != PaymentIntent.Status.REQUIRES_ACTION) {
                throw unexpectedState(p, "it cannot be confirmed");
            }
            String method = paymentMethod != null ? paymentMethod : p.paymentMethod();
            if (method == null) {
                throw missingMethod();
            }
            checkMethod(method);
            Answered<PaymentIntent> done = startAuthorization(ledger, p, p.next().paymentMethod(method).build(), null,
                    answers);
            if (done != null) {
                return done;
            }
        }
        throw contended(id);
    }

    public Answered<PaymentIntent> capture(int ledger, UInt128 id, Long amountToCapture, PaymentAnswers answers) {
        for (int attempt = 0; attempt < STALE_RETRIES; attempt++) {
            Read read = readForChange(ledger, id, answers);
            if (read.answered() != null) {
                return read.answered();
            }
            PaymentIntent p = read.intent();
            if (p.status() != PaymentIntent.Status.REQUIRES_CAPTURE) {
                throw unexpectedState(p, "only a payment intent in requires_capture can be captured");
            }
            long amount = amountToCapture == null ? p.amountCapturable() : amountToCapture;
            if (amount > p.amountCapturable()) {
                throw ApiException.invalid("amount_too_large", "amount_to_capture (" + amount
                        + ") is more than amount_capturable (" + p.amountCapturable() + ")", "amount_to_capture");
            }
            checkProcessor();
            ProcessorStep step = new ProcessorStep(ProcessorStep.Kind.CAPTURE,
                    PaymentSteps.processorKey(p.id(), "capture", p.version() + 1), clockMillis.getAsLong(), amount,
                    null, null);
            PaymentIntent started = p.next().step(step).requestKey(answers.requestKey()).build();
            PaymentWrites.Result result = writes.write(new PaymentWrites.Change(ledger).intent(p, started), null);
            if (result instanceof PaymentWrites.Written) {
                ProcessorAnswer answer = steps.processor().capture(step.processorKey(), p.latestCharge(), amount);
                return steps.finish(ledger, started, answer, answers);
            }
            if (result instanceof PaymentWrites.Replayed r) {
                return Answered.replay(r.storedAnswer());
            }
        }
        throw contended(id);
    }

    public Answered<PaymentIntent> cancel(int ledger, UInt128 id, String reason, PaymentAnswers answers) {
        for (int attempt = 0; attempt < STALE_RETRIES; attempt++) {
            Read read = readForChange(ledger, id, answers);
            if (read.answered() != null) {
                return read.answered();
            }
            PaymentIntent p = read.intent();
            Answered<PaymentIntent> done = switch (p.status()) {
                case REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION -> {
                    PaymentIntent after = p.next().status(PaymentIntent.Status.CANCELED)
                            .canceled(clockMillis.getAsLong() / 1000, reason).requestKey(answers.requestKey()).build();
                    yield write(ledger, p, after, answers, EventType.PAYMENT_INTENT_CANCELED);
                }
                case REQUIRES_CAPTURE -> voidAuthorization(ledger, p, reason, answers);
                default -> throw unexpectedState(p, "it cannot be canceled");
            };
            if (done != null) {
                return done;
            }
        }
        throw contended(id);
    }

    /** Voids an open authorization (a cancel, or its expiry): null when the intent moved on meanwhile. */
    Answered<PaymentIntent> voidAuthorization(int ledger, PaymentIntent p, String reason, PaymentAnswers answers) {
        checkProcessor();
        ProcessorStep step = new ProcessorStep(ProcessorStep.Kind.VOID,
                PaymentSteps.processorKey(p.id(), "void", p.version() + 1), clockMillis.getAsLong(), 0, null, null);
        PaymentIntent started = p.next().step(step).canceled(0, reason).requestKey(answers.requestKey()).build();
        PaymentWrites.Result result = writes.write(new PaymentWrites.Change(ledger).intent(p, started), null);
        if (result instanceof PaymentWrites.Replayed r) {
            return Answered.replay(r.storedAnswer());
        }
        if (!(result instanceof PaymentWrites.Written)) {
            return null;
        }
        return steps.finish(ledger, started, steps.processor().voidCharge(step.processorKey(), p.latestCharge()),
                answers);
    }

    /**
     * Writes the authorization's step (with the creation when {@code before} is null), calls the
     * processor, and finishes the step; null when the intent moved on before the step was written.
     */
    private Answered<PaymentIntent> startAuthorization(int ledger, PaymentIntent before, PaymentIntent intent,
            byte[] requestIndex, PaymentAnswers answers) {
        checkProcessor();
        ledgerAccounts.ensureAccounts(ledger, intent.currency());
        int version = before == null ? 1 : before.version() + 1;
        boolean authenticated = before != null && before.status() == PaymentIntent.Status.REQUIRES_ACTION
                && intent.paymentMethod().equals(before.paymentMethod());
        PaymentIntent.Status previous = before == null ? PaymentIntent.Status.REQUIRES_CONFIRMATION
                : before.status() == PaymentIntent.Status.REQUIRES_ACTION ? PaymentIntent.Status.REQUIRES_CONFIRMATION
                : before.status();
        ProcessorStep step = new ProcessorStep(ProcessorStep.Kind.AUTHORIZE,
                PaymentSteps.processorKey(intent.id(), "authorize", version), clockMillis.getAsLong(), intent.amount(),
                null, previous);
        PaymentIntent started;
        PaymentWrites.Change change = new PaymentWrites.Change(ledger);
        if (before == null) {
            started = new PaymentIntent(intent.id(), 1, intent.amount(), intent.currency(), intent.captureMethod(),
                    intent.paymentMethod(), PaymentIntent.Status.PROCESSING, 0, 0, 0, 0, null, 0, null,
                    intent.description(), intent.metadata(), intent.customer(), intent.createdSeconds(), 0, null, null,
                    step, answers.requestKey());
            change.intent(null, started, EventType.PAYMENT_INTENT_CREATED);
            claim(change, requestIndex, ledger, started.id());
        } else {
            started = intent.next().status(PaymentIntent.Status.PROCESSING).step(step).lastPaymentError(null)
                    .requestKey(answers.requestKey()).build();
            change.intent(before, started);
        }
        PaymentWrites.Result result = writes.write(change, null);
        if (result instanceof PaymentWrites.Replayed r) {
            return Answered.replay(r.storedAnswer());
        }
        if (!(result instanceof PaymentWrites.Written)) {
            if (before == null) {
                return again(ledger, reads.intent(ledger, reads.madeBy(requestIndex)), answers);
            }
            return null;
        }
        ProcessorAnswer answer = steps.processor().authorize(step.processorKey(), started.amount(),
                started.currency(), started.paymentMethod(), started.captureMethod() == PaymentIntent.CaptureMethod.AUTOMATIC,
                PaymentRecords.INTENT_IDS.format(started.id()), authenticated);
        return steps.finish(ledger, started, answer, answers);
    }

    /** A write without a processor call; null when the intent moved on meanwhile. */
    private Answered<PaymentIntent> write(int ledger, PaymentIntent before, PaymentIntent after, PaymentAnswers answers,
            EventType event) {
        PaymentWrites.Change change = new PaymentWrites.Change(ledger);
        if (event == null) {
            change.intent(before, after);
        } else {
            change.intent(before, after, event);
        }
        return switch (writes.write(change, answers.forIntent(after, null))) {
            case PaymentWrites.Written w -> Answered.of(after);
            case PaymentWrites.Replayed r -> Answered.replay(r.storedAnswer());
            case PaymentWrites.Stale s -> null;
        };
    }

    /**
     * A retry of the request that made the intent's latest change, whose answer was not stored (its
     * outcome was open, or recovery finished it): settle a step still open, then answer the intent.
     */
    private Answered<PaymentIntent> again(int ledger, PaymentIntent p, PaymentAnswers answers) {
        if (p.step() != null && p.step().kind() != ProcessorStep.Kind.REFUND) {
            return steps.finish(ledger, p, new ProcessorAnswer.Unknown("a retry of the request"), answers);
        }
        if (p.lastPaymentError() != null && p.status() == PaymentIntent.Status.REQUIRES_PAYMENT_METHOD) {
            PaymentError e = p.lastPaymentError();
            boolean card = e.type().equals(PaymentError.CARD_ERROR);
            ApiException error = new ApiException(card ? 402 : 503, card ? ErrorType.CARD : ErrorType.API, e.code(),
                    e.message(), null);
            if (e.declineCode() != null) {
                error.withDetail("decline_code", e.declineCode());
            }
            return Answered.failed(p, error);
        }
        return Answered.of(p);
    }

    /** An intent read for a change, or the answer to a retry of the request that made its latest change. */
    private record Read(PaymentIntent intent, Answered<PaymentIntent> answered) {}

    /** Reads the intent to change; refuses while a step of it runs at the processor. */
    private Read readForChange(int ledger, UInt128 id, PaymentAnswers answers) {
        PaymentIntent p = existing(ledger, id);
        if (isRetryOf(p, answers)) {
            return new Read(null, again(ledger, p, answers));
        }
        if (p.busy()) {
            throw busy(p);
        }
        return new Read(p, null);
    }

    private static boolean isRetryOf(PaymentIntent p, PaymentAnswers answers) {
        return answers.requestKey() != null && answers.requestKey().equals(p.requestKey());
    }

    private void claim(PaymentWrites.Change change, byte[] requestIndex, int ledger, UInt128 id) {
        if (requestIndex != null) {
            change.claim(requestIndex, PaymentRecords.intentKey(ledger, id));
        }
    }

    static byte[] requestIndex(int ledger, PaymentAnswers answers) {
        return answers.requestKey() == null ? null
                : PaymentRecords.requestKeyIndex(ledger, HexFormat.of().parseHex(answers.requestKey()));
    }

    PaymentIntent existing(int ledger, UInt128 id) {
        PaymentIntent p = reads.intent(ledger, id);
        if (p == null) {
            throw ApiException.notFound("payment_intent", "intent");
        }
        return p;
    }

    private void checkProcessor() {
        if (!steps.processor().available()) {
            throw PaymentSteps.unavailable();
        }
    }

    private static void checkMethod(String method) {
        if (!PaymentMethods.isKnown(method)) {
            throw new ApiException(400, ErrorType.INVALID_REQUEST, "resource_missing",
                    "no such payment method; use a test payment method (pm_card_visa, ...) or a card number",
                    "payment_method");
        }
    }

    private static ApiException missingMethod() {
        return new ApiException(400, ErrorType.INVALID_REQUEST, "payment_intent_unexpected_state",
                "the payment intent has no payment method; give payment_method", "payment_method");
    }

    static ApiException unexpectedState(PaymentIntent p, String why) {
        return new ApiException(400, ErrorType.INVALID_REQUEST, "payment_intent_unexpected_state",
                "the payment intent's status is " + p.status().apiName() + ": " + why, null);
    }

    private static ApiException busy(PaymentIntent p) {
        return new ApiException(409, ErrorType.INVALID_REQUEST, "payment_intent_unexpected_state",
                "a " + p.step().kind().apiName() + " of this payment intent is in progress at the processor; "
                        + "retry once it is done", null);
    }

    private static ApiException contended(UInt128 id) {
        return new ApiException(409, ErrorType.INVALID_REQUEST, "lock_timeout",
                "the payment intent " + PaymentRecords.INTENT_IDS.format(id)
                        + " is changed by other requests right now; retry", null);
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static Map<String, String> merged(Map<String, String> current, Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(current);
        changes.forEach((k, v) -> {
            if (v.isEmpty()) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        return merged;
    }
}
