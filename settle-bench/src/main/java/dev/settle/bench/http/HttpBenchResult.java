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
     * {"bench":"http","single":{"requests_per_second":…,"p50_millis":…,"p99_millis":…,"p999_millis":…,
     *  "requests":…,"errors":…,"statuses":{"201":…}},"batch":{"transfers_per_second":…,
     *  "requests_per_second":…,"p50_millis":…,"p99_millis":…,"p999_millis":…,"batch_size":…,
     *  "requests":…,"errors":…,"statuses":{"200":…}},"connections":{"single":64,"batch":4},
     *  "event_loops":1,"transfer_ids":"uuidv7","accounts":1000}
     * </pre>
     * A phase with errors also has {@code "first_error"}: the status and body of the earliest.
     */
    public String toJsonLine() {
        JsonLine singleJson = new JsonLine().field("requests_per_second", single.requestsPerSecond());
        latencies(singleJson, single).field("requests", single.requests());
        outcome(singleJson, single);
        JsonLine batchJson = new JsonLine().field("transfers_per_second", batch.transfersPerSecond())
                .field("requests_per_second", batch.requestsPerSecond());
        latencies(batchJson, batch).field("batch_size", batch.transfersPerRequest()).field("requests", batch.requests());
        outcome(batchJson, batch);
        return new JsonLine().field("bench", "http").field("single", singleJson).field("batch", batchJson)
                .field("connections", new JsonLine().field("single", single.connections())
                        .field("batch", batch.connections()))
                .field("event_loops", eventLoops).field("transfer_ids", transferIds)
                .field("accounts", accounts).toString();
    }

    private static JsonLine latencies(JsonLine json, HttpPhaseResult phase) {
        return json.field("p50_millis", phase.latencyMillisP50()).field("p99_millis", phase.latencyMillisP99())
                .field("p999_millis", phase.latencyMillisP999());
    }

    private static void outcome(JsonLine json, HttpPhaseResult phase) {
        json.field("errors", phase.errors());
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
