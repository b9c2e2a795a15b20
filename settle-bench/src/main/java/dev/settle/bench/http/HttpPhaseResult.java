package dev.settle.bench.http;

import java.util.SortedMap;

/**
 * What one timed phase measured: only the answers that arrived after the warm-up and before the
 * end of the phase count.
 *
 * @param connections concurrent connections, one request in flight on each
 * @param transfersPerRequest 1 for single transfers, the batch size for batches
 * @param requests requests answered (or failed without an answer) in the measured window
 * @param transfers transfers in those requests: {@code requests * transfersPerRequest}
 * @param errors transfers not created: every transfer of a request answered with another status
 *     than expected (201 single, 200 batch) or not answered, plus batch items whose result is not
 *     {@code ok}; for the single phase this is the number of failed requests
 * @param seconds length of the measured window
 * @param latencyMillisP50 one accepted (2xx) request, from sending it to reading its whole answer
 * @param requestsByStatus requests by HTTP status; status 0 counts requests that got no answer
 * @param firstError the status and body (for a batch, the failed item) of the earliest failure,
 *     or null when nothing failed
 */
public record HttpPhaseResult(
        int connections,
        int transfersPerRequest,
        long requests,
        long transfers,
        long errors,
        double seconds,
        double latencyMillisP50,
        double latencyMillisP99,
        double latencyMillisP999,
        SortedMap<Integer, Long> requestsByStatus,
        String firstError) {
    private static final double MICROS_PER_MILLI = 1_000.0;

    static HttpPhaseResult of(PhasePlan plan, double seconds, PhaseTotals totals) {
        return new HttpPhaseResult(plan.connections(), plan.transfersPerRequest(), totals.requests(),
                totals.requests() * plan.transfersPerRequest(), totals.failedTransfers(), seconds,
                totals.latencies().percentileMicros(50) / MICROS_PER_MILLI,
                totals.latencies().percentileMicros(99) / MICROS_PER_MILLI,
                totals.latencies().percentileMicros(99.9) / MICROS_PER_MILLI,
                totals.requestsByStatus(), totals.firstFailure());
    }

    /** Every answered (or failed) request per second, accepted or not. */
    public double requestsPerSecond() {
        return requests / seconds;
    }

    /** Transfers sent per second, accepted or not. */
    public double transfersPerSecond() {
        return transfers / seconds;
    }

    /** Transfers the server created: those sent, less those not created. */
    public long acceptedTransfers() {
        return transfers - errors;
    }

    /** The figure the bench reports: transfers created per second, refusals (429 included) left out. */
    public double acceptedTransfersPerSecond() {
        return acceptedTransfers() / seconds;
    }

    /** Requests a rate or concurrency limit refused (429). */
    public long rateLimitedRequests() {
        return requestsByStatus.getOrDefault(HttpResponse.STATUS_TOO_MANY_REQUESTS, 0L);
    }

    /** Requests neither accepted (2xx) nor rate limited: other refusals, errors and requests without an answer. */
    public long otherFailedRequests() {
        long other = 0;
        for (var entry : requestsByStatus.entrySet()) {
            if (!PhaseTotals.isAccepted(entry.getKey()) && entry.getKey() != HttpResponse.STATUS_TOO_MANY_REQUESTS) {
                other += entry.getValue();
            }
        }
        return other;
    }
}
