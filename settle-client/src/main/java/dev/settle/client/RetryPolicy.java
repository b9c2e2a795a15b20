package dev.settle.client;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
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
 *
 * <p>Where the retry goes ({@link Nodes}): after no answer or a 503 it goes to another node, since
 * that node may be down, cut off from the majority or shedding load while the others are not.
 * After a 429 or a 409 {@code idempotency_key_in_use} it stays: a 429 asks the caller to slow
 * down, not to go around the limit on another node, and the first attempt of the key is held in
 * flight by the node that runs it, which answers the retry once it is done.
 */
final class RetryPolicy {
    private static final int STATUS_CONFLICT = 409;
    private static final int STATUS_TOO_MANY_REQUESTS = 429;
    private static final int STATUS_SERVICE_UNAVAILABLE = 503;
    /** The 503 of a node that cannot serve: no majority, recovering, closing (docs/api.md). */
    private static final String CODE_UNAVAILABLE = "unavailable";
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

    /** Whether the retry after this (retryable) answer goes to another node. */
    static boolean movesToAnotherNode(Answer answer) {
        return answer.status() == STATUS_SERVICE_UNAVAILABLE;
    }

    /**
     * Whether the answering node should be passed over by the next calls: 503 {@code unavailable}
     * says the node cannot serve at all (no majority, still recovering). Overload codes do not:
     * they pass in a moment, and the retry already goes elsewhere.
     */
    static boolean suspectsNode(Answer answer) {
        return answer.status() == STATUS_SERVICE_UNAVAILABLE && CODE_UNAVAILABLE.equals(answer.error().code());
    }

    /**
     * Whether a failure without an answer should make the node suspect: yes when the node could
     * not be reached or dropped the connection; no when it took the request but answered too
     * late, which may be the request's own doing (a large batch) rather than the node's.
     */
    static boolean suspectsNode(IOException failure) {
        return !(failure instanceof HttpTimeoutException) || failure instanceof HttpConnectTimeoutException;
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
