package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HttpBenchResultTest {
    @Test
    void rendersOneJsonLine() {
        TreeMap<Integer, Long> singleStatuses = new TreeMap<>();
        singleStatuses.put(201, 29_998L);
        singleStatuses.put(422, 1L);
        singleStatuses.put(429, 3_000L);
        singleStatuses.put(PhaseTotals.NO_ANSWER, 1L);
        TreeMap<Integer, Long> batchStatuses = new TreeMap<>();
        batchStatuses.put(200, 500L);
        HttpPhaseResult single = new HttpPhaseResult(64, 1, 33_000, 33_000, 3_002, 15.0, 1.25, 4.5, 9.0, singleStatuses,
                "HTTP 422: {\"error\":\"x\"}");
        HttpPhaseResult batch = new HttpPhaseResult(4, 1_000, 500, 500_000, 0, 10.0, 20.0, 40.0, 80.0, batchStatuses, null);

        HttpBenchResult result = new HttpBenchResult(single, batch, 1_000, 0.5, 2, "uuidv7");

        assertThat(result.toJsonLine()).isEqualTo("{\"bench\":\"http\","
                + "\"single\":{\"accepted_transfers_per_second\":1999.867,\"requests_per_second\":2200.000,"
                + "\"p50_millis\":1.250,\"p99_millis\":4.500,"
                + "\"p999_millis\":9.000,\"requests\":33000,\"accepted_transfers\":29998,\"rate_limited_requests\":3000,"
                + "\"other_failed_requests\":2,\"errors\":3002,"
                + "\"statuses\":{\"no_answer\":1,\"201\":29998,\"422\":1,\"429\":3000},"
                + "\"first_error\":\"HTTP 422: {\\\"error\\\":\\\"x\\\"}\"},"
                + "\"batch\":{\"accepted_transfers_per_second\":50000.000,\"requests_per_second\":50.000,"
                + "\"p50_millis\":20.000,\"p99_millis\":40.000,\"p999_millis\":80.000,\"batch_size\":1000,\"requests\":500,"
                + "\"accepted_transfers\":500000,\"rate_limited_requests\":0,\"other_failed_requests\":0,\"errors\":0,"
                + "\"statuses\":{\"200\":500}},"
                + "\"connections\":{\"single\":64,\"batch\":4},\"event_loops\":2,\"transfer_ids\":\"uuidv7\","
                + "\"accounts\":1000}");
        assertThat(result.errors()).isEqualTo(3_002);
    }
}
