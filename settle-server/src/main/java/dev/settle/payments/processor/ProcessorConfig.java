package dev.settle.payments.processor;

import java.net.URI;
import java.time.Duration;

/**
 * How Settle calls the card processor ({@code --processor-url}): each attempt's timeout, how
 * many attempts a call makes (with exponential backoff between them, same idempotency key), and
 * when the circuit breaker opens (failure rate over the latest calls) and for how long.
 */
public record ProcessorConfig(URI baseUri, Duration attemptTimeout, int attempts, Duration backoff,
        float breakerFailureRatePercent, int breakerWindowCalls, Duration breakerOpenFor) {
    public static final Duration ATTEMPT_TIMEOUT_DEFAULT = Duration.ofSeconds(5);
    public static final int ATTEMPTS_DEFAULT = 3;
    public static final Duration BACKOFF_DEFAULT = Duration.ofMillis(100);
    public static final float BREAKER_FAILURE_RATE_PERCENT_DEFAULT = 50;
    public static final int BREAKER_WINDOW_CALLS_DEFAULT = 20;
    public static final Duration BREAKER_OPEN_FOR_DEFAULT = Duration.ofSeconds(5);

    public ProcessorConfig {
        if (attempts < 1 || breakerWindowCalls < 1) {
            throw new IllegalArgumentException("at least one attempt and one call in the breaker's window");
        }
    }

    public static ProcessorConfig defaults(URI baseUri) {
        return new ProcessorConfig(baseUri, ATTEMPT_TIMEOUT_DEFAULT, ATTEMPTS_DEFAULT, BACKOFF_DEFAULT,
                BREAKER_FAILURE_RATE_PERCENT_DEFAULT, BREAKER_WINDOW_CALLS_DEFAULT, BREAKER_OPEN_FOR_DEFAULT);
    }

    public ProcessorConfig withAttemptTimeout(Duration timeout) {
        return new ProcessorConfig(baseUri, timeout, attempts, backoff, breakerFailureRatePercent, breakerWindowCalls,
                breakerOpenFor);
    }

    public ProcessorConfig withAttempts(int count, Duration between) {
        return new ProcessorConfig(baseUri, attemptTimeout, count, between, breakerFailureRatePercent,
                breakerWindowCalls, breakerOpenFor);
    }

    public ProcessorConfig withBreaker(float failureRatePercent, int windowCalls, Duration openFor) {
        return new ProcessorConfig(baseUri, attemptTimeout, attempts, backoff, failureRatePercent, windowCalls, openFor);
    }
}
