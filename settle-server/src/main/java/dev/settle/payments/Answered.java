package dev.settle.payments;

import dev.settle.api.error.ApiException;

/**
 * How a payment request ends: with its object (and the error it answers, such as a card decline,
 * or null), or with the answer stored first under its idempotency key (another node, or a retry,
 * answered it first), which the caller replays.
 */
public record Answered<T>(T value, ApiException error, byte[] replayed) {
    static <T> Answered<T> of(T value) {
        return new Answered<>(value, null, null);
    }

    static <T> Answered<T> failed(T value, ApiException error) {
        return new Answered<>(value, error, null);
    }

    static <T> Answered<T> replay(byte[] stored) {
        return new Answered<>(null, null, stored);
    }
}
