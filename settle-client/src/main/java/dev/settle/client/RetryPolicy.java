package dev.settle.client;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Which failures are worth another attempt, and how long to wait before it: the server's
 * {@code Retry-After} when it sends one, else exponential backoff with full jitter (a uniform
 * delay between 0 and a ceiling that doubles per retry), so that clients failing together do not
 * retry together.
 *
 * <p>Only failures that say nothing against the request itself are retried: no answer at all,
 * 409 {@code idempotency_key_in_use} (the first attempt still runs), 429 and 503. Any other
 * refusal would only be given again.
 */
final class RetryPolicy {
    private static final int STATUS_CONFLICT = 409;
    private static final int STATUS_TOO_MANY_REQUESTS = 429;
    private static final int STATUS_SERVICE_UNAVAILABLE = 503;
    /**
     * Nine digits (over 31 years) parse safely into a long; a longer {@code Retry-After} is ignored
     * like any other unreadable one, and every honoured one is clamped to the backoff limit.
     */
    private static final int RETRY_AFTER_DIGITS_MAX = 9;

    static {
        if (ClientConfig.MAX_RETRIES_LIMIT > 20) {
            throw new AssertionError("backoff ceilings assume at most 20 retries");
        }
    }

    private final int maxRetries;
    private final long initialDelayMillis;
    private final long maxDelayMillis;
    private final long retryAfterMaxMillis;
    private final RandomGenerator random;

    RetryPolicy(ClientConfig config, RandomGenerator random) {
        this.maxRetries = config.maxRetries();
        this.initialDelayMillis = config.backoffInitialDelay().toMillis();
        this.maxDelayMillis = config.backoffMaxDelay().toMillis();
        this.retryAfterMaxMillis = ClientConfig.BACKOFF_DELAY_LIMIT.toMillis();
        this.random = random;
    }

    int maxRetries() {
        return maxRetries;
    }

    boolean isRetryable(Answer answer) {
        return switch (answer.status()) {
            case STATUS_TOO_MANY_REQUESTS, STATUS_SERVICE_UNAVAILABLE -> true;
            case STATUS_CONFLICT -> ErrorObject.CODE_IDEMPOTENCY_KEY_IN_USE.equals(answer.error().code());
            default -> false;
        };
    }

    /** The wait before retry number {@code retry} (0 for the first) after an answer. */
    Duration delayAfter(Answer answer, int retry) {
        return retryAfter(answer).orElseGet(() -> backoffDelay(retry));
    }

    /** The wait before retry number {@code retry} (0 for the first): full jitter under the ceiling. */
    Duration backoffDelay(int retry) {
        if (retry < 0 || retry >= maxRetries) {
            throw new IllegalArgumentException("retry must be 0.." + (maxRetries - 1) + ", got " + retry);
        }
        // The shift stays small (retries are at most MAX_RETRIES_LIMIT) and the delays at most a
        // minute, so the ceiling cannot overflow before the min() caps it.
        long ceilingMillis = Math.min(maxDelayMillis, initialDelayMillis << retry);
        return Duration.ofMillis((long) (random.nextDouble() * (ceilingMillis + 1)));
    }

    /** The answer's {@code Retry-After} in seconds, capped; absent when missing or not seconds. */
    Optional<Duration> retryAfter(Answer answer) {
        Optional<String> header = answer.headers().firstValue(Answer.HEADER_RETRY_AFTER).map(String::trim);
        if (header.isEmpty() || !isSeconds(header.get())) {
            return Optional.empty();
        }
        long millis = Long.parseLong(header.get()) * 1_000;
        return Optional.of(Duration.ofMillis(Math.min(millis, retryAfterMaxMillis)));
    }

    private static boolean isSeconds(String text) {
        return !text.isEmpty() && text.length() <= RETRY_AFTER_DIGITS_MAX
                && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
