package dev.settle.client;

/**
 * The idempotency key was used before for a different request ({@code idempotency_key_reused}),
 * or its first request still runs, even after the retries ({@code idempotency_key_in_use}).
 */
public final class IdempotencyException extends SettleException {
    IdempotencyException(ErrorObject error) {
        super(error, null);
    }
}
