package dev.settle.bench.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import dev.settle.webhooks.WebhookConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real server: every event of the tenant reaches the receiver, and the count matches. */
class WebhookRelayBenchTest {
    private static final int ACCOUNTS = 25;

    @TempDir
    Path data;

    @Test
    void everyEventOfTheLoadReachesTheReceiver() throws Exception {
        ServerConfig config = ServerConfig.builder(data)
                .webhooks(WebhookConfig.defaults().toBuilder().allowPrivateTargets(true).build()).build();
        String[] key = new String[1];
        try (SettleServer server = SettleServer.start(config, created -> key[0] = created)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            WebhookRelayResult result;
            try (WebhookRelayBench relay = WebhookRelayBench.start(base, key[0]);
                    HttpClient client = HttpClient.newHttpClient()) {
                relay.loadStarted();
                for (int i = 0; i < ACCOUNTS; i++) {
                    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/accounts"))
                            .header("Authorization", "Bearer " + key[0]).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"currency\":\"USD\"}")).build();
                    assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
                }
                relay.loadEnded();
                result = relay.finish(Duration.ofMinutes(1));
            }
            assertThat(result.events()).isEqualTo(ACCOUNTS);
            assertThat(result.distinctEvents()).isEqualTo(ACCOUNTS);
            assertThat(result.undeliveredEvents()).isZero();
            assertThat(result.deliveries()).isGreaterThanOrEqualTo(ACCOUNTS);
            assertThat(result.rejectedRequests()).isZero();
            assertThat(result.toJson().toString()).startsWith("{\"events\":" + ACCOUNTS + ",")
                    .contains("\"undelivered_events\":0");

            assertThatThrownBy(() -> WebhookRelayBench.start(base, key[0]))
                    .as("a tenant with events would be miscounted").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(ACCOUNTS + " events already");
        }
    }
}
