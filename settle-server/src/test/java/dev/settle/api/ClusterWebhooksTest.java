package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.cluster.LocalCluster;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import dev.settle.webhooks.FlakyReceiver;
import dev.settle.webhooks.WebhookConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks on a three-node cluster: an endpoint created on one node is on every node, only the
 * pod's leader delivers, every event reaches the receiver once, and after the leader stops the
 * new leader's relay continues from the replicated deliveries and cursor, losing no event.
 */
class ClusterWebhooksTest {
    private static final int NODES = 3;
    private static final Duration AWAIT_MAX = Duration.ofSeconds(60);
    private static final int TRANSFERS_PER_ROUND = 10;
    private static final Pattern EVENT_ID = Pattern.compile("\"id\":\"(evt_[^\"]+)\"");

    @TempDir
    Path root;

    private final SettleServer[] servers = new SettleServer[NODES];
    private final List<String> shownKeys = new CopyOnWriteArrayList<>();
    private final LoopbackHttp loopback = new LoopbackHttp();
    private final FlakyReceiver receiver = FlakyReceiver.reliable();

    @AfterEach
    void stopAll() {
        for (SettleServer server : servers) {
            if (server != null) {
                server.close();
            }
        }
        receiver.close();
    }

    @Test
    void theLeaderDeliversEveryEventOnceAndTheNextLeaderContinues() throws Exception {
        Path keyFile = LocalCluster.sharedMasterKey(root);
        String peers = LocalCluster.peers(NODES);
        for (int i = 0; i < NODES; i++) {
            servers[i] = SettleServer.start(config(i, peers, keyFile), shownKeys::add);
        }
        LocalCluster.await(AWAIT_MAX, () -> !shownKeys.isEmpty());
        String key = shownKeys.get(0);
        LocalCluster.await(AWAIT_MAX, () -> call(1, "GET", "/v1/accounts?limit=1", key, null, null).statusCode() == 200);
        HttpResponse<String> endpoint = call(1, "POST", "/v1/webhook_endpoints", key,
                "{\"url\":\"" + receiver.uri() + "\",\"enabled_events\":[\"*\"]}", "endpoint");
        assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(201);
        String endpointId = field(endpoint.body(), "id");
        for (int i = 0; i < NODES; i++) {
            assertThat(call(i, "GET", "/v1/webhook_endpoints/" + endpointId, key, null, null).statusCode())
                    .as("the endpoint on node %d", i).isEqualTo(200);
        }

        String a = field(call(0, "POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "acc-a").body(), "id");
        String b = field(call(2, "POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "acc-b").body(), "id");
        transfers(key, a, b, "first");
        List<String> events = eventIds(key);
        assertThat(events).hasSize(2 + TRANSFERS_PER_ROUND);
        assertThat(receiver.awaitAcknowledged(ids -> ids.containsAll(events), AWAIT_MAX)).isTrue();
        assertThat(receiver.received()).as("one node delivers, once each").hasSize(events.size());

        int leader = leader();
        servers[leader].close();
        servers[leader] = null;
        transfers(key, a, b, "second");
        List<String> all = eventIds(key);
        assertThat(all).hasSize(2 + 2 * TRANSFERS_PER_ROUND);
        assertThat(receiver.awaitAcknowledged(ids -> ids.containsAll(all), AWAIT_MAX))
                .as("the new leader's relay delivers what came after").isTrue();
        int follower = (leader + 1) % NODES;
        HttpResponse<String> deliveries = call(follower, "GET", "/v1/events/" + all.get(0) + "/deliveries", key,
                null, null);
        assertThat(deliveries.body()).as("the deliveries are replicated").contains("\"status\":\"succeeded\"");
    }

    private void transfers(String key, String a, String b, String round) {
        String transfer = "{\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b + "\",\"amount\":1}";
        for (int i = 0; i < TRANSFERS_PER_ROUND; i++) {
            int node = live(i);
            HttpResponse<String> created = call(node, "POST", "/v1/transfers", key, transfer, round + "-" + i);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    /** The ids of the tenant's events after the endpoint's creation, oldest first. */
    private List<String> eventIds(String key) {
        String body = call(live(0), "GET", "/v1/events?limit=100", key, null, null).body();
        List<String> ids = new ArrayList<>();
        Matcher matcher = EVENT_ID.matcher(body);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        List<String> ledgerEvents = new ArrayList<>();
        for (String id : ids.reversed()) {
            String event = call(live(0), "GET", "/v1/events/" + id, key, null, null).body();
            if (event.contains("\"type\":\"account.created\"") || event.contains("\"type\":\"transfer.created\"")) {
                ledgerEvents.add(id);
            }
        }
        return ledgerEvents;
    }

    /** The {@code i}th running server, counting round the nodes. */
    private int live(int i) {
        for (int k = 0; k < NODES; k++) {
            int node = (i + k) % NODES;
            if (servers[node] != null) {
                return node;
            }
        }
        throw new IllegalStateException("no server runs");
    }

    private int leader() throws Exception {
        int[] found = {-1};
        LocalCluster.await(AWAIT_MAX, () -> {
            for (int i = 0; i < NODES; i++) {
                if (servers[i] != null && servers[i].cluster().status(0).isLeader()) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private ServerConfig config(int node, String peers, Path keyFile) {
        return ServerConfig.builder(root.resolve("n" + node)).port(0).adminToken(TestServer.ADMIN_TOKEN)
                .masterKeyFile(keyFile).clockMillis(System::currentTimeMillis)
                .webhooks(WebhookConfig.defaults().toBuilder().allowPrivateTargets(true).build())
                .cluster("n" + node, peers).build();
    }

    private HttpResponse<String> call(int node, String method, String path, String key, String body,
            String idempotencyKey) {
        return loopback.call(servers[node].port(), key, method, path, body, idempotencyKey);
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group(1);
    }
}
