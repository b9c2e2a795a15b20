package dev.settle.bench.http;

import dev.settle.bench.JsonLine;
import dev.settle.bench.LatencyRecorder;

/**
 * What one traffic group of an open-loop run measured. A request is measured when it was due in
 * the measured window; every measured request ended exactly one way:
 * {@code scheduled = sent + droppedByGenerator + unsentAtEnd} and
 * {@code sent = answers2xx + answers429 + answers503 + answersOther + connectionErrors}.
 *
 * @param name the group's name
 * @param targetPerSecond the rate the group was scheduled at
 * @param connectionsMax the most connections the group could open
 * @param accounts accounts the group created and moved money between
 * @param seconds length of the measured window
 * @param scheduled requests due in the measured window
 * @param sent requests of those sent
 * @param droppedByGenerator requests the generator gave up on: its backlog held
 *     {@link GroupLane#BACKLOG_NANOS_MAX} of requests waiting for a connection already
 * @param unsentAtEnd requests still waiting for a connection when the window ended
 * @param answers2xx answers 200..299: the transfer was made
 * @param answers429 rate-limited answers
 * @param answers503 overloaded (shed) answers
 * @param answersOther any other status (401, 400, 422, 500, ...)
 * @param connectionErrors requests that got no answer: an I/O error or a time limit
 * @param answersWithRetryAfter answers that carried a Retry-After in seconds (counted, never obeyed)
 * @param latencyMicrosP50 of 2xx answers, from when the request was due (not sent) to its whole answer
 * @param sendDelayMicrosP99 from when a request was due to its sending: the waits for a free
 *     connection plus the generator's timer slack
 * @param firstError the first unexpected answer's status and body, or the first connection error;
 *     null when there was none (429 and 503 are expected, not errors)
 */
public record GroupResult(
        String name,
        double targetPerSecond,
        int connectionsMax,
        int accounts,
        double seconds,
        long scheduled,
        long sent,
        long droppedByGenerator,
        long unsentAtEnd,
        long answers2xx,
        long answers429,
        long answers503,
        long answersOther,
        long connectionErrors,
        long answersWithRetryAfter,
        double latencyMicrosP50,
        double latencyMicrosP90,
        double latencyMicrosP99,
        double latencyMicrosP999,
        double latencyMicrosMax,
        double sendDelayMicrosP99,
        double sendDelayMicrosMax,
        String firstError) {

    static GroupResult of(TrafficGroup group, double seconds, GroupTotals totals) {
        LatencyRecorder latencies = totals.latencies();
        LatencyRecorder sendDelays = totals.sendDelays();
        return new GroupResult(group.name(), group.ratePerSecond(), group.connectionsMax(), group.accounts(), seconds,
                totals.scheduled(), totals.sent(), totals.dropped(), totals.unsent(), totals.answersSuccess(),
                totals.answersRateLimited(), totals.answersUnavailable(), totals.answersOtherStatus(),
                totals.connectionErrors(), totals.answersWithRetryAfter(), latencies.percentileMicros(50),
                latencies.percentileMicros(90), latencies.percentileMicros(99), latencies.percentileMicros(99.9),
                latencies.maxMicros(), sendDelays.percentileMicros(99), sendDelays.maxMicros(), totals.firstError());
    }

    /** Requests answered with any status. */
    public long answers() {
        return answers2xx + answers429 + answers503 + answersOther;
    }

    /** Transfers made per second of the measured window. */
    public double successPerSecond() {
        return answers2xx / seconds;
    }

    /** The share of the answers that were 429, 0..1; 0 when nothing was answered. */
    public double rateLimitedShare() {
        long answers = answers();
        return answers == 0 ? 0 : (double) answers429 / answers;
    }

    public JsonLine toJson() {
        JsonLine json = new JsonLine().field("target_per_second", targetPerSecond)
                .field("success_per_second", successPerSecond())
                .field("rate_limited_share", rateLimitedShare())
                .field("scheduled", scheduled).field("sent", sent)
                .field("dropped_by_generator", droppedByGenerator).field("unsent_at_end", unsentAtEnd)
                .field("answers", new JsonLine().field("2xx", answers2xx).field("429", answers429)
                        .field("503", answers503).field("other", answersOther))
                .field("connection_errors", connectionErrors)
                .field("answers_with_retry_after", answersWithRetryAfter)
                .field("latency_micros", new JsonLine().field("p50", latencyMicrosP50).field("p90", latencyMicrosP90)
                        .field("p99", latencyMicrosP99).field("p999", latencyMicrosP999).field("max", latencyMicrosMax))
                .field("send_delay_micros", new JsonLine().field("p99", sendDelayMicrosP99)
                        .field("max", sendDelayMicrosMax))
                .field("connections_max", connectionsMax).field("accounts", accounts);
        if (firstError != null) {
            json.field("first_error", firstError);
        }
        return json;
    }
}
