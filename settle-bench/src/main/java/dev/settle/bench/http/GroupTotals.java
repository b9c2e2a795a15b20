package dev.settle.bench.http;

import dev.settle.bench.LatencyRecorder;

/**
 * What one traffic group's measured requests came to, on one lane (single writer: its event
 * loop), or over all its lanes once merged. A request is measured when it was due inside the
 * measured window, whenever its answer came; each one ends exactly one way:
 *
 * <pre>
 * scheduled = sent + dropped + unsent
 * sent      = answers (2xx + 429 + 503 + other statuses) + connection errors
 * </pre>
 */
final class GroupTotals {
    private static final int STATUS_RATE_LIMITED = 429;
    private static final int STATUS_UNAVAILABLE = 503;
    private static final int STATUS_SUCCESS_MIN = 200;
    private static final int STATUS_SUCCESS_MAX = 299;

    /** From the request's due time to its whole answer, 2xx answers only. */
    private final LatencyRecorder latencies = new LatencyRecorder();
    /** From the request's due time to its sending: waits for a free connection plus the timer's slack. */
    private final LatencyRecorder sendDelays = new LatencyRecorder();
    private long scheduled;
    private long sent;
    private long dropped;
    private long unsent;
    private long answersSuccess;
    private long answersRateLimited;
    private long answersUnavailable;
    private long answersOtherStatus;
    private long connectionErrors;
    private long answersWithRetryAfter;
    private String firstError;
    private long firstErrorNanos;

    void scheduled(long count) {
        scheduled += requireCount(count);
    }

    void sent(long sendDelayNanos) {
        sent++;
        sendDelays.record(sendDelayNanos);
    }

    /** Requests the generator gave up on because its backlog was full. */
    void dropped(long count) {
        dropped += requireCount(count);
    }

    /** Requests still waiting for a connection when the run ended. */
    void unsent(long count) {
        unsent += requireCount(count);
    }

    /** An answer of {@code status}; {@code latencyNanos} from the request's due time counts for 2xx only. */
    void answered(int status, boolean retryAfter, long latencyNanos) {
        if (retryAfter) {
            answersWithRetryAfter++;
        }
        if (isSuccess(status)) {
            answersSuccess++;
            latencies.record(latencyNanos);
        } else if (status == STATUS_RATE_LIMITED) {
            answersRateLimited++;
        } else if (status == STATUS_UNAVAILABLE) {
            answersUnavailable++;
        } else {
            answersOtherStatus++;
        }
    }

    void connectionError() {
        connectionErrors++;
    }

    /** Whether an answer of {@code status} made the transfer. */
    static boolean isSuccess(int status) {
        return status >= STATUS_SUCCESS_MIN && status <= STATUS_SUCCESS_MAX;
    }

    /** Whether an answer of {@code status} is unexpected in a traffic scenario (429 and 503 are what it provokes). */
    static boolean isError(int status) {
        return !isSuccess(status) && status != STATUS_RATE_LIMITED && status != STATUS_UNAVAILABLE;
    }

    boolean hasError() {
        return firstError != null;
    }

    /** Keeps {@code description} if it is the first unexpected answer or connection error seen here. */
    void error(long atNanos, String description) {
        if (firstError == null) {
            firstError = description;
            firstErrorNanos = atNanos;
        }
    }

    /** Adds {@code other}'s figures; the earlier of the two first errors is kept. */
    void merge(GroupTotals other) {
        latencies.merge(other.latencies);
        sendDelays.merge(other.sendDelays);
        scheduled += other.scheduled;
        sent += other.sent;
        dropped += other.dropped;
        unsent += other.unsent;
        answersSuccess += other.answersSuccess;
        answersRateLimited += other.answersRateLimited;
        answersUnavailable += other.answersUnavailable;
        answersOtherStatus += other.answersOtherStatus;
        connectionErrors += other.connectionErrors;
        answersWithRetryAfter += other.answersWithRetryAfter;
        if (other.firstError != null && (firstError == null || other.firstErrorNanos - firstErrorNanos < 0)) {
            firstError = other.firstError;
            firstErrorNanos = other.firstErrorNanos;
        }
    }

    /**
     * Checks that every request ended exactly one way; a mismatch is a bug in the generator, not
     * something the server did.
     */
    void requireBalanced(String group) {
        long answers = answersSuccess + answersRateLimited + answersUnavailable + answersOtherStatus;
        if (scheduled != sent + dropped + unsent || sent != answers + connectionErrors) {
            throw new IllegalStateException("group " + group + " does not add up: scheduled " + scheduled
                    + ", sent " + sent + ", dropped " + dropped + ", unsent " + unsent + ", answers " + answers
                    + ", connection errors " + connectionErrors);
        }
    }

    private static long requireCount(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a count of requests must not be negative, got " + count);
        }
        return count;
    }

    LatencyRecorder latencies() {
        return latencies;
    }

    LatencyRecorder sendDelays() {
        return sendDelays;
    }

    long scheduled() {
        return scheduled;
    }

    long sent() {
        return sent;
    }

    long dropped() {
        return dropped;
    }

    long unsent() {
        return unsent;
    }

    long answersSuccess() {
        return answersSuccess;
    }

    long answersRateLimited() {
        return answersRateLimited;
    }

    long answersUnavailable() {
        return answersUnavailable;
    }

    long answersOtherStatus() {
        return answersOtherStatus;
    }

    long connectionErrors() {
        return connectionErrors;
    }

    long answersWithRetryAfter() {
        return answersWithRetryAfter;
    }

    /** The status and body of the first unexpected answer, or the first connection error; null when none. */
    String firstError() {
        return firstError;
    }
}
