package dev.settle.client;

/** Too many requests (429), still after the retries. */
public final class RateLimitException extends SettleException {
    RateLimitException(ErrorObject error) {
        super(error, null);
    }
}
