package dev.settle.bench.http;

import dev.settle.bench.JsonLine;
import java.util.Map;

/**
 * What one HTTP bench run measured.
 *
 * @param single the single-transfer phase ({@code POST /v1/transfers})
 * @param batch the batch phase ({@code POST /v1/transfers/batch})
 * @param accounts accounts created for the run, between which the transfers move money
 * @param setupSeconds time to create them (not part of either phase)
 * @param eventLoops the generator's threads per phase (a phase with fewer connections starts fewer)
 * @param transferIds the kind of transfer ids sent: {@code "uuidv7"} (time-ordered) or {@code "uuidv4"}
 */
public record HttpBenchResult(HttpPhaseResult single, HttpPhaseResult batch, int accounts, double setupSeconds,
        int eventLoops, String transferIds) {
    /** Stands for {@link PhaseTotals#NO_ANSWER} among the statuses of the JSON line. */
    static final String NO_ANSWER_KEY = "no_answer";

    public HttpBenchResult {
        if (single == null || batch == null || eventLoops < 1 || transferIds == null) {
            throw new IllegalArgumentException("a result needs both phases, an event loop and the kind of ids, got "
                    + eventLoops + " loops and ids " + transferIds);
        }
    }

    /** Transfers not created in either phase; a clean run has none. */
    public long errors() {
        return single.errors() + batch.errors();
    }

    /**
     * The result as one line of JSON, for example (one line, wrapped here):
     * <pre>
     * {"bench":"http","single":{"accepted_transfers_per_second":…,"requests_per_second":…,
     *  "p50_millis":…,"p99_millis":…,"p999_millis":…,"requests":…,"accepted_transfers":…,
     *  "rate_limited_requests":…,"other_failed_requests":…,"errors":…,"statuses":{"201":…}},
     *  "batch":{"accepted_transfers_per_second":…,"requests_per_second":…,"p50_millis":…,
     *  "p99_millis":…,"p999_millis":…,"batch_size":…,"requests":…,"accepted_transfers":…,
     *  "rate_limited_requests":…,"other_failed_requests":…,"errors":…,"statuses":{"200":…}},
     *  "connections":{"single":64,"batch":4},"event_loops":1,"transfer_ids":"uuidv7","accounts":1000}
     * </pre>
     * The throughput is of accepted transfers only; {@code requests_per_second} counts every
     * answer, refusals included, and the latencies are of accepted requests. A phase with errors
     * also has {@code "first_error"}: the status and body of the earliest.
     */
    public String toJsonLine() {
        JsonLine singleJson = throughput(single);
        latencies(singleJson, single).field("requests", single.requests());
        outcome(singleJson, single);
        JsonLine batchJson = throughput(batch);
        latencies(batchJson, batch).field("batch_size", batch.transfersPerRequest()).field("requests", batch.requests());
        outcome(batchJson, batch);
        return new JsonLine().field("bench", "http").field("single", singleJson).field("batch", batchJson)
                .field("connections", new JsonLine().field("single", single.connections())
                        .field("batch", batch.connections()))
                .field("event_loops", eventLoops).field("transfer_ids", transferIds)
                .field("accounts", accounts).toString();
    }

    private static JsonLine throughput(HttpPhaseResult phase) {
        return new JsonLine().field("accepted_transfers_per_second", phase.acceptedTransfersPerSecond())
                .field("requests_per_second", phase.requestsPerSecond());
    }

    private static JsonLine latencies(JsonLine json, HttpPhaseResult phase) {
        return json.field("p50_millis", phase.latencyMillisP50()).field("p99_millis", phase.latencyMillisP99())
                .field("p999_millis", phase.latencyMillisP999());
    }

    private static void outcome(JsonLine json, HttpPhaseResult phase) {
        json.field("accepted_transfers", phase.acceptedTransfers())
                .field("rate_limited_requests", phase.rateLimitedRequests())
                .field("other_failed_requests", phase.otherFailedRequests()).field("errors", phase.errors());
        JsonLine statuses = new JsonLine();
        for (Map.Entry<Integer, Long> entry : phase.requestsByStatus().entrySet()) {
            int status = entry.getKey();
            statuses.field(status == PhaseTotals.NO_ANSWER ? NO_ANSWER_KEY : Integer.toString(status), entry.getValue());
        }
        json.field("statuses", statuses);
        if (phase.firstError() != null) {
            json.field("first_error", phase.firstError());
        }
    }
}
