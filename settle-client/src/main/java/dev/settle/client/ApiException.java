package dev.settle.client;

/**
 * The server failed (5xx, after the retries for 503), or answered what this client cannot read.
 * A POST that ends this way may or may not have been applied: send it again with the same
 * idempotency key to find out safely.
 */
public final class ApiException extends SettleException {
    ApiException(ErrorObject error, Throwable cause) {
        super(error, cause);
    }
}
