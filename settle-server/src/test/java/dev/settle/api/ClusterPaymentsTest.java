package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.cluster.LocalCluster;
import dev.settle.payments.PaymentsConfig;
import dev.settle.payments.processor.ProcessorConfig;
import dev.settle.processorsim.ProcessorSimulator;
import dev.settle.processorsim.SimulatorConfig;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payments on a three-node cluster: an intent created on one node is confirmed, captured and
 * refunded through others and reads the same everywhere; two nodes confirming one intent at once
 * charge it once (its steps are guarded changes decided in the log's order).
 */
class ClusterPaymentsTest {
    private static final int NODES = 3;
    private static final Duration AWAIT_MAX = Duration.ofSeconds(60);
    private static final int RACES = 5;

    @TempDir
    Path root;

    private final SettleServer[] servers = new SettleServer[NODES];
    private final List<String> shownKeys = new CopyOnWriteArrayList<>();
    private final LoopbackHttp loopback = new LoopbackHttp();
    private ProcessorSimulator processor;

    @AfterEach
    void stopAll() {
        for (SettleServer server : servers) {
            if (server != null) {
                server.close();
            }
        }
        if (processor != null) {
            processor.close();
        }
    }

    @Test
    void anIntentMovesThroughAnyNodeAndTwoNodesConfirmingAtOnceChargeOnce() throws Exception {
        processor = ProcessorSimulator.start(SimulatorConfig.defaults(root.resolve("processor")).withLatencyMillis(20));
        Path keyFile = LocalCluster.sharedMasterKey(root);
        String peers = LocalCluster.peers(NODES);
        for (int i = 0; i < NODES; i++) {
            servers[i] = SettleServer.start(config(i, peers, keyFile), shownKeys::add);
        }
        LocalCluster.await(AWAIT_MAX, () -> !shownKeys.isEmpty());
        String key = shownKeys.get(0);
        LocalCluster.await(AWAIT_MAX, () -> call(1, "/v1/payment_intents", key, null, null).statusCode() == 200);

        HttpResponse<String> authorized = call(0, "/v1/payment_intents", key, "{\"amount\":5000,\"currency\":\"usd\","
                + "\"payment_method\":\"pm_card_visa\",\"confirm\":true,\"capture_method\":\"manual\"}", "pay-1");
        assertThat(authorized.body()).contains("\"status\":\"requires_capture\"");
        String id = field(authorized.body(), "id");
        HttpResponse<String> captured = call(1, "/v1/payment_intents/" + id + "/capture", key,
                "{\"amount_to_capture\":4000}", "capture-1");
        assertThat(captured.body()).as(captured.body()).contains("\"status\":\"succeeded\"");
        HttpResponse<String> refund = call(2, "/v1/refunds", key, "{\"payment_intent\":\"" + id + "\",\"amount\":1500}",
                "refund-1");
        assertThat(refund.body()).as(refund.body()).contains("\"status\":\"succeeded\"");
        for (int i = 0; i < NODES; i++) {
            String seen = call(i, "/v1/payment_intents/" + id, key, null, null).body();
            assertThat(seen).as("node %d", i).contains("\"amount_received\":4000").contains("\"amount_refunded\":1500");
        }

        try (ExecutorService racers = Executors.newFixedThreadPool(2)) {
            for (int race = 0; race < RACES; race++) {
                String raced = field(call(race % NODES, "/v1/payment_intents", key,
                        "{\"amount\":700,\"currency\":\"usd\",\"payment_method\":\"pm_card_visa\"}", "race-" + race)
                        .body(), "id");
                int r = race;
                Future<HttpResponse<String>> first = racers.submit(() -> call(1, "/v1/payment_intents/" + raced
                        + "/confirm", key, "", "confirm-a-" + r));
                Future<HttpResponse<String>> second = racers.submit(() -> call(2, "/v1/payment_intents/" + raced
                        + "/confirm", key, "", "confirm-b-" + r));
                int succeeded = (first.get().statusCode() == 200 ? 1 : 0) + (second.get().statusCode() == 200 ? 1 : 0);
                assertThat(succeeded).as("race %d: %s / %s", race, first.get().body(), second.get().body())
                        .isEqualTo(1);
                assertThat(capturesAtTheProcessor(raced)).as("captures of %s", raced).isEqualTo(1);
            }
        }
    }

    /** Capture rows for the intent in today's settlement report of the simulator. */
    private int capturesAtTheProcessor(String intent) throws Exception {
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        HttpResponse<String> report = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(processor.baseUri() + "/v1/settlement_reports/" + date)).build(),
                HttpResponse.BodyHandlers.ofString());
        int rows = 0;
        for (String line : report.body().split("\n")) {
            if (line.startsWith("charge,") && line.contains("," + intent + ",")) {
                rows++;
            }
        }
        return rows;
    }

    private ServerConfig config(int node, String peers, Path keyFile) {
        return ServerConfig.builder(root.resolve("n" + node)).port(0).adminToken(TestServer.ADMIN_TOKEN)
                .masterKeyFile(keyFile).clockMillis(System::currentTimeMillis)
                .payments(PaymentsConfig.defaults().withProcessor(ProcessorConfig.defaults(processor.baseUri())))
                .cluster("n" + node, peers).build();
    }

    private HttpResponse<String> call(int node, String path, String key, String body, String idempotencyKey) {
        return loopback.call(servers[node].port(), key, body == null ? "GET" : "POST", path, body, idempotencyKey);
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group(1);
    }
}
