package dev.settle.bench.http;

import dev.settle.bench.LatencyRecorder;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a phase measured on one event loop's connections (single writer), or on all of them once merged:
 * requests by answer status, failed transfers, latencies and the earliest failure's description.
 */
final class PhaseTotals {
    /** The status recorded for a request that got no answer (the exchange failed with an I/O error). */
    static final int NO_ANSWER = 0;

    private final LatencyRecorder latencies = new LatencyRecorder();
    private final long[] requestsByStatus = new long[HttpResponse.STATUS_MAX + 1];
    private long requests;
    private long failedTransfers;
    private String firstFailure;
    private long firstFailureNanos;

    /**
     * A measured answer: its status, the transfers it failed and its latency. Only accepted
     * answers (2xx) have their latency recorded: a 429 or 503 comes back in microseconds and
     * would flatter the percentiles of the work the server did.
     */
    void answered(int status, int failed, long latencyNanos) {
        if (status < HttpResponse.STATUS_MIN || status > HttpResponse.STATUS_MAX) {
            throw new IllegalArgumentException("status must be " + HttpResponse.STATUS_MIN + ".."
                    + HttpResponse.STATUS_MAX + ", got " + status);
        }
        count(status, failed);
        if (isAccepted(status)) {
            latencies.record(latencyNanos);
        }
    }

    /** A status by which the server took the request (201, 200), as opposed to refusing it. */
    static boolean isAccepted(int status) {
        return status >= HttpResponse.STATUS_SUCCESS_MIN && status <= HttpResponse.STATUS_SUCCESS_MAX;
    }

    /** A measured request of {@code transfers} that got no answer: all of them failed; no latency. */
    void unanswered(int transfers) {
        count(NO_ANSWER, transfers);
    }

    private void count(int status, int failed) {
        requestsByStatus[status]++;
        requests++;
        failedTransfers += failed;
    }

    boolean hasFailure() {
        return firstFailure != null;
    }

    /** Keeps {@code description} if it is the first failure seen here. */
    void failure(long atNanos, String description) {
        if (firstFailure == null) {
            firstFailure = description;
            firstFailureNanos = atNanos;
        }
    }

    /** Adds {@code other}'s figures; the earlier of the two first failures is kept. */
    void merge(PhaseTotals other) {
        latencies.merge(other.latencies);
        for (int status = 0; status < requestsByStatus.length; status++) {
            requestsByStatus[status] += other.requestsByStatus[status];
        }
        requests += other.requests;
        failedTransfers += other.failedTransfers;
        if (other.firstFailure != null && (firstFailure == null || other.firstFailureNanos - firstFailureNanos < 0)) {
            firstFailure = other.firstFailure;
            firstFailureNanos = other.firstFailureNanos;
        }
    }

    long requests() {
        return requests;
    }

    long failedTransfers() {
        return failedTransfers;
    }

    LatencyRecorder latencies() {
        return latencies;
    }

    /** The description of the earliest failure, or null when nothing failed. */
    String firstFailure() {
        return firstFailure;
    }

    /** Requests by status, in status order, without the statuses that never occurred. */
    SortedMap<Integer, Long> requestsByStatus() {
        SortedMap<Integer, Long> byStatus = new TreeMap<>();
        for (int status = 0; status < requestsByStatus.length; status++) {
            if (requestsByStatus[status] > 0) {
                byStatus.put(status, requestsByStatus[status]);
            }
        }
        return Collections.unmodifiableSortedMap(byStatus);
    }
}
