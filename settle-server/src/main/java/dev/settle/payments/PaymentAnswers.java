package dev.settle.payments;

import dev.settle.api.error.ApiException;
import dev.settle.pod.DurableResponse;

/**
 * What a request answers, so that the answer is stored under its idempotency key with the change
 * that decides it. Recovery, which answers nobody, uses {@link #NONE}.
 */
public interface PaymentAnswers {
    PaymentAnswers NONE = keyOnly(null);

    /**
     * A request known by its key ({@code requestKey}, or null) that stores no answer: its retries
     * find what it made through the key alone.
     */
    static PaymentAnswers keyOnly(String requestKey) {
        return new PaymentAnswers() {
            @Override
            public String requestKey() {
                return requestKey;
            }

            @Override
            public DurableResponse forIntent(PaymentIntent intent, ApiException error) {
                return null;
            }

            @Override
            public DurableResponse forRefund(Refund refund, ApiException error) {
                return null;
            }
        };
    }

    /** The request's idempotency key in its stored form (hex), or null when it has none. */
    String requestKey();

    /** The stored answer when the request's change leaves the intent so (with the error it answers, or null), or null. */
    DurableResponse forIntent(PaymentIntent intent, ApiException error);

    DurableResponse forRefund(Refund refund, ApiException error);
}
