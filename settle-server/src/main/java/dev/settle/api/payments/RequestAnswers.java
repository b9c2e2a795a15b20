package dev.settle.api.payments;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.payments.Answered;
import dev.settle.payments.PaymentAnswers;
import dev.settle.payments.PaymentIntent;
import dev.settle.payments.Refund;
import dev.settle.pod.DurableResponse;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * A payments request's answers: rendered from the object its change leaves (or the error it
 * answers: a card decline carries the payment intent, as Stripe's does), stored under its
 * idempotency key with that change, and the same rendering for the caller.
 */
final class RequestAnswers implements PaymentAnswers {
    private final ApiRequest request;
    private final boolean expandCharge;
    /** The intent last rendered and its answer: the stored answer and the caller's are the same rendering. */
    private PaymentIntent renderedIntent;
    private ApiResponse rendered;

    RequestAnswers(ApiRequest request, boolean expandCharge) {
        this.request = request;
        this.expandCharge = expandCharge;
    }

    @Override
    public String requestKey() {
        return keyOf(request);
    }

    /** The request's idempotency key in its stored form, hex, or null. */
    static String keyOf(ApiRequest request) {
        byte[] key = request.idempotencyStoreKey();
        return key == null ? null : HexFormat.of().formatHex(key);
    }

    @Override
    public DurableResponse forIntent(PaymentIntent intent, ApiException error) {
        return request.storedAnswer(intent(intent, error));
    }

    @Override
    public DurableResponse forRefund(Refund refund, ApiException error) {
        throw new UnsupportedOperationException("an intent request answers with intents");
    }

    ApiResponse intent(PaymentIntent intent, ApiException error) {
        if (intent == renderedIntent && error == null) {
            return rendered;
        }
        ApiResponse answer = render(intent, error);
        if (error == null) {
            renderedIntent = intent;
            rendered = answer;
        }
        return answer;
    }

    private ApiResponse render(PaymentIntent intent, ApiException error) {
        if (error != null) {
            if (!error.details().containsKey("payment_intent")) {
                error.withDetail("payment_intent", PaymentViews.intent(intent, false));
            }
            return request.error(error);
        }
        return request.json(200, PaymentViews.intent(intent, expandCharge));
    }

    /** The answer to an ended request: the stored first answer, the error, or the object. */
    <T> ApiResponse answer(Answered<T> answered, Function<Answered<T>, ApiResponse> render) {
        if (answered.replayed() != null) {
            return request.replay(answered.replayed());
        }
        return render.apply(answered);
    }

    /** The answers of a refund request. */
    static final class ForRefunds implements PaymentAnswers {
        private final ApiRequest request;
        private final Function<Refund, String> chargeOf;

        ForRefunds(ApiRequest request, Function<Refund, String> chargeOf) {
            this.request = request;
            this.chargeOf = chargeOf;
        }

        @Override
        public String requestKey() {
            return keyOf(request);
        }

        @Override
        public DurableResponse forIntent(PaymentIntent intent, ApiException error) {
            return null; // a refund request stores the refund it answers, with the refund's change
        }

        @Override
        public DurableResponse forRefund(Refund refund, ApiException error) {
            return request.storedAnswer(refund(refund));
        }

        ApiResponse refund(Refund refund) {
            return request.json(200, PaymentViews.refund(refund, chargeOf.apply(refund)));
        }
    }
}
