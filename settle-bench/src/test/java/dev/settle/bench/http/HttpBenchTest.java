package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Runs the whole bench, shortened to about a second per phase, against {@link StubSettleServer}. */
class HttpBenchTest {
    private static final int ACCOUNTS = 20;
    private static final int BATCH_SIZE = 40;

    private static HttpBenchConfig.Builder shortRun(URI baseUri, String apiKey) {
        return HttpBenchConfig.builder(baseUri, apiKey).accounts(ACCOUNTS).singleConnections(4)
                .singleWarmupSeconds(0).singleDurationSeconds(1).batchConnections(2).batchSize(BATCH_SIZE)
                .batchWarmupSeconds(1).batchDurationSeconds(1);
    }

    @Test
    void aCleanRunCountsEveryAnswerAndNoErrors() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        HttpBenchResult result;
        long transfersSeen;
        try (StubSettleServer server = StubSettleServer.start(0)) {
            result = HttpBench.run(shortRun(server.baseUri(), StubSettleServer.API_KEY).progress(progress::add).build());
            assertThat(server.invalidRequests()).as(server.firstInvalid()).isZero();
            assertThat(server.accounts()).isEqualTo(ACCOUNTS);
            assertThat(server.idVersions()).as("time-ordered ids by default").containsExactly('7');
            transfersSeen = server.transfersSeen();
        }

        HttpPhaseResult single = result.single();
        assertThat(single.requests()).isPositive();
        assertThat(single.transfers()).isEqualTo(single.requests());
        assertThat(single.errors()).isZero();
        assertThat(single.firstError()).isNull();
        assertThat(single.requestsByStatus()).containsExactly(Map.entry(201, single.requests()));
        assertThat(single.connections()).isEqualTo(4);
        assertThat(single.latencyMillisP50()).isPositive().isLessThanOrEqualTo(single.latencyMillisP99());

        HttpPhaseResult batch = result.batch();
        assertThat(batch.requests()).isPositive();
        assertThat(batch.transfers()).isEqualTo(batch.requests() * BATCH_SIZE);
        assertThat(batch.errors()).isZero();
        assertThat(batch.requestsByStatus()).containsExactly(Map.entry(200, batch.requests()));
        assertThat(batch.transfersPerRequest()).isEqualTo(BATCH_SIZE);

        // Warm-up and the requests in flight at the end reach the server but are not measured.
        assertThat(single.transfers() + batch.transfers()).isLessThanOrEqualTo(transfersSeen);
        assertThat(result.errors()).isZero();
        assertThat(result.accounts()).isEqualTo(ACCOUNTS);

        String json = result.toJsonLine();
        assertThat(json).startsWith("{\"bench\":\"http\",\"single\":{\"accepted_transfers_per_second\":")
                .contains("\"batch\":{\"accepted_transfers_per_second\":", "\"batch_size\":" + BATCH_SIZE,
                        "\"statuses\":{\"201\":" + single.requests() + "}", "\"connections\":{\"single\":4,\"batch\":2}",
                        "\"event_loops\":1,\"transfer_ids\":\"uuidv7\"")
                .endsWith(",\"accounts\":" + ACCOUNTS + "}")
                .doesNotContain("first_error", "\n");
        assertThat(progress).anyMatch(line -> line.startsWith("setup: "))
                .anyMatch(line -> line.startsWith("single: ") && line.contains(" accepted transfers/s"))
                .anyMatch(line -> line.startsWith("batch: "));
    }

    @Test
    void version4IdsAreSentWhenAsked() throws Exception {
        HttpBenchResult result;
        try (StubSettleServer server = StubSettleServer.start(0)) {
            result = HttpBench.run(shortRun(server.baseUri(), StubSettleServer.API_KEY).uuidV4Ids(true).build());
            assertThat(server.invalidRequests()).as(server.firstInvalid()).isZero();
            assertThat(server.idVersions()).containsExactly('4');
        }

        assertThat(result.errors()).isZero();
        assertThat(result.transferIds()).isEqualTo("uuidv4");
        assertThat(result.toJsonLine()).contains("\"transfer_ids\":\"uuidv4\"");
    }

    @Test
    void severalEventLoopsShareTheConnections() throws Exception {
        int loops = Math.min(2, HttpBenchConfig.eventLoopsMax());
        List<String> progress = new CopyOnWriteArrayList<>();
        HttpBenchResult result;
        try (StubSettleServer server = StubSettleServer.start(0)) {
            result = HttpBench.run(shortRun(server.baseUri(), StubSettleServer.API_KEY).singleConnections(5)
                    .eventLoops(loops).progress(progress::add).build());
            assertThat(server.invalidRequests()).as(server.firstInvalid()).isZero();
        }

        assertThat(result.single().requests()).isPositive();
        assertThat(result.single().requestsByStatus()).containsOnlyKeys(201);
        assertThat(result.batch().requestsByStatus()).containsOnlyKeys(200);
        assertThat(result.errors()).isZero();
        assertThat(result.eventLoops()).isEqualTo(loops);
        assertThat(progress).contains("single: 5 connections on " + loops + " event loop" + (loops == 1 ? "" : "s")
                + ", uuidv7 ids, 0 s warm-up, 1 s measured");
    }

    @Test
    void connectionsTheServerClosesAreOpenedAgain() throws Exception {
        HttpBenchResult result;
        int clientPorts;
        try (StubSettleServer server = StubSettleServer.start(0, 3)) {
            result = HttpBench.run(shortRun(server.baseUri(), StubSettleServer.API_KEY).build());
            assertThat(server.invalidRequests()).as(server.firstInvalid()).isZero();
            clientPorts = server.clientPorts();
        }

        // Every third answer closes its connection; each one closed is opened again, and nothing fails.
        assertThat(result.single().requests()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.single().requestsByStatus()).containsOnlyKeys(201);
        int connectionsOpenedAtStart = Math.min(AccountSetup.CONNECTIONS_MAX, ACCOUNTS) + 4 + 2;
        assertThat(clientPorts).isGreaterThan(connectionsOpenedAtStart);
    }

    @Test
    void refusedTransfersAreCountedAsErrors() throws Exception {
        HttpBenchResult result;
        try (StubSettleServer server = StubSettleServer.start(7)) {
            result = HttpBench.run(shortRun(server.baseUri(), StubSettleServer.API_KEY).build());
            assertThat(server.invalidRequests()).as(server.firstInvalid()).isZero();
        }

        HttpPhaseResult single = result.single();
        assertThat(single.errors()).isPositive().isLessThan(single.requests());
        assertThat(single.requestsByStatus()).containsOnlyKeys(201, 422);
        assertThat(single.errors()).isEqualTo(single.requestsByStatus().get(422));
        assertThat(single.firstError()).startsWith("HTTP 422: ").contains("exceeds_credits");

        HttpPhaseResult batch = result.batch();
        // Batches are answered 200; the failures are items inside them.
        assertThat(batch.requestsByStatus()).containsOnlyKeys(200);
        assertThat(batch.errors()).isPositive().isLessThan(batch.transfers());
        assertThat(batch.firstError()).startsWith("HTTP 200: {\"index\":").contains("\"result\":\"exceeds_credits\"");
        assertThat(result.errors()).isEqualTo(single.errors() + batch.errors());
        assertThat(result.toJsonLine()).contains("\"statuses\":{\"201\":", "\"422\":", "\"first_error\":\"HTTP 422: ");
    }

    @Test
    void rateLimitedRequestsAreReportedApartAndNotCountedAsThroughput() throws Exception {
        HttpBenchResult result;
        try (StubSettleServer server = StubSettleServer.rateLimiting(2)) {
            result = HttpBench.run(shortRun(server.baseUri(), StubSettleServer.API_KEY).build());
            assertThat(server.invalidRequests()).as(server.firstInvalid()).isZero();
        }

        HttpPhaseResult single = result.single();
        long created = single.requestsByStatus().get(201);
        assertThat(single.requestsByStatus()).containsOnlyKeys(201, 429);
        assertThat(single.rateLimitedRequests()).isEqualTo(single.requestsByStatus().get(429)).isPositive();
        assertThat(single.otherFailedRequests()).isZero();
        assertThat(single.acceptedTransfers()).isEqualTo(created);
        assertThat(single.acceptedTransfersPerSecond()).isEqualTo(created / single.seconds())
                .isLessThan(single.requestsPerSecond());
        assertThat(result.toJsonLine()).startsWith("{\"bench\":\"http\",\"single\":{\"accepted_transfers_per_second\":")
                .contains("\"accepted_transfers\":" + created + ",\"rate_limited_requests\":" + single.rateLimitedRequests()
                        + ",\"other_failed_requests\":0,");
    }

    @Test
    void aWrongKeyFailsTheSetupWithTheServersAnswer() throws Exception {
        try (StubSettleServer server = StubSettleServer.start(0)) {
            HttpBenchConfig config = shortRun(server.baseUri(), "sk_wrong").build();

            assertThatThrownBy(() -> HttpBench.run(config)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("invalid_api_key");
        }
    }

    @Test
    void anUnreachableServerFailsAtOnce() throws Exception {
        int port;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = unused.getLocalPort();
        }
        HttpBenchConfig config = shortRun(URI.create("http://127.0.0.1:" + port), StubSettleServer.API_KEY).build();

        assertThatThrownBy(() -> HttpBench.run(config)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not reachable").hasMessageContaining(":" + port);
    }

    @Test
    void aServerGoneAfterTheSetupFailsTheRun() throws IOException {
        StubSettleServer server = StubSettleServer.start(0);
        HttpBenchConfig config = shortRun(server.baseUri(), StubSettleServer.API_KEY).progress(line -> {
            if (line.startsWith("setup: " + ACCOUNTS + " accounts")) {
                server.close();
            }
        }).build();

        assertThatThrownBy(() -> HttpBench.run(config)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not reachable");
    }

    @Test
    void aServerGoneDuringAPhaseStopsItsConnectionsAndFailsTheRun() throws IOException {
        // The connections are open when the server goes: each exchange fails, each reconnection is refused.
        StubSettleServer server = StubSettleServer.start(0);
        HttpBenchConfig config = shortRun(server.baseUri(), StubSettleServer.API_KEY).singleDurationSeconds(600)
                .progress(line -> {
                    if (line.startsWith("single: 4 connections")) {
                        server.close();
                    }
                }).build();

        assertThatThrownBy(() -> HttpBench.run(config)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("single connection").hasMessageContaining("stopped early");
    }
}
