package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.cluster.ClusterIdentity;
import dev.settle.cluster.LocalCluster;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import dev.settle.verify.StoreVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Settle servers in this JVM forming a cluster over loopback, used over HTTP: tenant
 * {@code default} created once, writes on any node, reads on every node that see them at once,
 * a retry with the same idempotency key answered from any node, and the same state everywhere.
 */
class ClusterApiTest {
    private static final int NODES = 3;
    private static final Duration AWAIT_MAX = Duration.ofSeconds(60);
    /** The smallest snapshot interval: a few dozen writes snapshot and purge the log. */
    private static final long SNAPSHOT_EVERY_ENTRIES = 16;
    /** Whole segments are purged: the smallest segment, which these batches fill several times. */
    private static final long RAFT_LOG_SEGMENT_BYTES = 64 * 1024;
    private static final int BATCHES = 64;
    private static final int BATCHES_MAX = 16 * BATCHES;
    private static final int TRANSFERS_PER_BATCH = 100;

    @TempDir
    Path root;

    private final SettleServer[] servers = new SettleServer[NODES];
    private final List<String> shownKeys = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LoopbackHttp loopback = new LoopbackHttp();
    /** The servers' wall clock (idempotency retention); the ledger keeps the system clock. */
    private final java.util.concurrent.atomic.AtomicLong clockMillis =
            new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());

    @AfterEach
    void stopAll() {
        for (SettleServer server : servers) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aClusterCreatesItsDefaultTenantOnceAndEveryNodeServesItConsistently() throws Exception {
        String peers = LocalCluster.peers(NODES);
        String key = startAll(peers);
        for (int i = 0; i < NODES; i++) {
            int node = i;
            LocalCluster.await(AWAIT_MAX,
                    () -> call(node, "GET", "/v1/accounts?limit=1", key, null, null).statusCode() == 200);
        }

        String a = id(call(0, "POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "acc-a"));
        String b = id(call(1, "POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "acc-b"));
        String transfer = "{\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b + "\",\"amount\":25}";
        HttpResponse<String> created = call(2, "POST", "/v1/transfers", key, transfer, "t-1");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        for (int i = 0; i < NODES; i++) {
            HttpResponse<String> read = call(i, "GET", "/v1/accounts/" + b, key, null, null);
            assertThat(read.body()).as("a read on node %d right after the writes", i).contains("\"credits_posted\":25");
        }
        String once = "{\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b + "\",\"amount\":3}";
        var onNodeOne = java.util.concurrent.CompletableFuture.supplyAsync(() -> call(1, "POST", "/v1/transfers", key,
                once, "same-key-two-nodes"));
        var onNodeTwo = java.util.concurrent.CompletableFuture.supplyAsync(() -> call(2, "POST", "/v1/transfers", key,
                once, "same-key-two-nodes"));
        assertThat(onNodeOne.get().body()).as("one transfer, one answer, whichever node applied first")
                .isEqualTo(onNodeTwo.get().body());
        assertThat(call(0, "GET", "/v1/accounts/" + b, key, null, null).body()).contains("\"credits_posted\":28");
        HttpResponse<String> retried = call(0, "POST", "/v1/transfers", key, transfer, "t-1");
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(retried.body()).as("the first answer, from another node").isEqualTo(created.body());
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(shownKeys).as("exactly one node created the tenant and showed its key").hasSize(1);
        HttpResponse<String> view = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + servers[1].port() + "/v1/admin/cluster"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("\"enabled\":true", "\"node\":\"n1\"", "\"id\":\"n2\"", "\"leader\":\"n");

        stopAndCompareChecksums();
    }

    @Test
    void aWipedNodeInstallsASnapshotFromItsGroupAndServesTheSameState() throws Exception {
        String peers = LocalCluster.peers(NODES);
        String key = startAll(peers);
        LocalCluster.await(AWAIT_MAX, () -> call(0, "GET", "/v1/accounts?limit=1", key, null, null).statusCode() == 200);
        String a = id(call(0, "POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "acc-a"));
        String b = id(call(0, "POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "acc-b"));
        servers[2].close();
        servers[2] = null;
        deleteRecursively(root.resolve("n2"));

        String transfer = "{\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b + "\",\"amount\":1}";
        String batch = "{\"transfers\":[" + String.join(",", java.util.Collections.nCopies(TRANSFERS_PER_BATCH, transfer))
                + "]}";
        // Writes until both logs are purged (after a snapshot, whole segments only): at least BATCHES.
        int batches = 0;
        while (batches < BATCHES || !(servers[0].cluster().status().get(0).logStartIndex() > 1
                && servers[1].cluster().status().get(0).logStartIndex() > 1)) {
            assertThat(batches).as("batches written without both logs purged").isLessThan(BATCHES_MAX);
            HttpResponse<String> written = call(batches % 2, "POST", "/v1/transfers/batch", key, batch,
                    "batch-" + batches);
            assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
            batches++;
        }
        long credited = (long) batches * TRANSFERS_PER_BATCH;
        servers[2] = SettleServer.start(config(2, peers), shownKeys::add);

        LocalCluster.await(AWAIT_MAX, () -> servers[2].cluster().counters(0).snapshotsInstalled() == 1);
        assertThat(servers[2].metrics().scrape()).contains("settle_raft_snapshots_installed_total{pod=\"0\"} 1.0",
                "settle_raft_applied_index{pod=\"0\"}");
        assertThat(servers[0].metrics().scrape()).contains("settle_raft_snapshots_taken_total{pod=\"0\"}");
        String scraped = servers[2].metrics().scrape();
        assertThat(OpsFilesTest.raftMetricsNamed()).hasSizeGreaterThan(8)
                .allSatisfy(metric -> assertThat(scraped).as("%s, named in the operations guide", metric)
                        .contains(metric + "{"));
        HttpResponse<String> read = call(2, "GET", "/v1/accounts/" + b, key, null, null);
        assertThat(read.body()).as("the wiped node's tenants and balances come from the snapshot")
                .contains("\"credits_posted\":" + credited);
        assertThat(call(2, "POST", "/v1/transfers", key, transfer, "t-after").statusCode()).isEqualTo(201);
        assertThat(call(2, "POST", "/v1/transfers/batch", key, batch, "batch-0").headers()
                .firstValue("Idempotent-Replayed")).as("a stored answer from before the wipe").hasValue("true");
        assertThat(shownKeys).as("the wiped node did not create the default tenant again").hasSize(1);
        LocalCluster.await(AWAIT_MAX, () -> java.util.Arrays.stream(servers).allMatch(server ->
                server.cluster().status().get(0).appliedIndex() == servers[0].cluster().status().get(0).appliedIndex()));

        stopAndCompareChecksums();
    }

    @Test
    void thePodsLeaderSweepsExpiredIdempotencyKeysOnEveryNode() throws Exception {
        String peers = LocalCluster.peers(NODES);
        String key = startAll(peers);
        LocalCluster.await(AWAIT_MAX, () -> call(0, "GET", "/v1/accounts?limit=1", key, null, null).statusCode() == 200);
        assertThat(call(0, "POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "old-key").statusCode()).isEqualTo(201);
        assertThat(call(1, "POST", "/v1/accounts", key, "{\"currency\":\"EUR\"}", "old-key").statusCode())
                .as("the key is taken on every node").isEqualTo(422);

        clockMillis.addAndGet(Duration.ofHours(25).toMillis());
        for (SettleServer server : servers) {
            server.sweep(); // only the pod's leader deletes, through the log
        }

        HttpResponse<String> again = call(2, "POST", "/v1/accounts", key, "{\"currency\":\"EUR\"}", "old-key");
        assertThat(again.statusCode()).as("the expired key is free again: %s", again.body()).isEqualTo(201);
        LocalCluster.await(AWAIT_MAX, () -> java.util.Arrays.stream(servers).allMatch(server ->
                server.cluster().status(0).appliedIndex() == servers[2].cluster().status(0).appliedIndex()));
        stopAndCompareChecksums();
    }

    @Test
    void aDataDirectoryOfAnotherNodeOrOfASingleNodeIsRefusedWithNothingWritten() throws Exception {
        String peers = LocalCluster.peers(NODES);
        servers[0] = SettleServer.start(config(0, peers), key -> { });
        servers[0].close();
        servers[0] = null;

        ServerConfig asNodeOne = ServerConfig.builder(root.resolve("n0")).port(0).pods(1)
                .cluster("n1", peers).build();
        assertThatThrownBy(() -> SettleServer.start(asNodeOne, key -> { }))
                .isInstanceOf(SettleServer.ClusterMismatchException.class).hasMessageContaining("node=n0");

        Path single = root.resolve("single");
        SettleServer.start(ServerConfig.builder(single).port(0).pods(1).build(), key -> { }).close();
        ServerConfig clusterOnSingle = ServerConfig.builder(single).port(0).pods(1).cluster("n0", peers).build();
        assertThatThrownBy(() -> SettleServer.start(clusterOnSingle, key -> { }))
                .isInstanceOf(SettleServer.ClusterMismatchException.class).hasMessageContaining("single node");
        assertThat(single.resolve(ClusterIdentity.FILE_NAME)).doesNotExist();
    }

    @Test
    void badPeerListsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ServerConfig.builder(root).cluster("n4", "n1=127.0.0.1:7101,n2=127.0.0.1:7102").build())
                .isInstanceOf(ServerConfig.ConfigException.class).hasMessageContaining("n4");
        assertThatThrownBy(() -> ServerConfig.builder(root).cluster("n1", "n1=127.0.0.1:7101,n1=127.0.0.1:7102").build())
                .isInstanceOf(ServerConfig.ConfigException.class).hasMessageContaining("n1");
        assertThatThrownBy(() -> ServerConfig.builder(root).cluster("n1", "n1=127.0.0.1:7101,n2=127.0.0.1:7101").build())
                .isInstanceOf(ServerConfig.ConfigException.class).hasMessageContaining("7101");
        assertThatThrownBy(() -> ServerConfig.builder(root).cluster(null, "n1=127.0.0.1:7101").build())
                .isInstanceOf(ServerConfig.ConfigException.class).hasMessageContaining("--node-id and --peers");
    }

    /** Starts every node; returns tenant default's key, once a node has created it. */
    private String startAll(String peers) throws Exception {
        for (int i = 0; i < NODES; i++) {
            servers[i] = SettleServer.start(config(i, peers), shownKeys::add);
        }
        LocalCluster.await(AWAIT_MAX, () -> !shownKeys.isEmpty());
        return shownKeys.get(0);
    }

    /** Stops every node, then checks that their stores hold the same state. */
    private void stopAndCompareChecksums() {
        stopAll();
        java.util.Arrays.fill(servers, null);
        String checksum = StoreVerifier.checksum(root.resolve("n0").resolve("store")).sha256();
        for (int i = 1; i < NODES; i++) {
            assertThat(StoreVerifier.checksum(root.resolve("n" + i).resolve("store")).sha256())
                    .as("node %d's state against node 0's", i).isEqualTo(checksum);
        }
    }

    private ServerConfig config(int node, String peers) {
        return ServerConfig.builder(root.resolve("n" + node)).port(0).adminToken(TestServer.ADMIN_TOKEN)
                .clockMillis(clockMillis::get)
                .snapshotEveryEntries(SNAPSHOT_EVERY_ENTRIES).raftLogSegmentBytes(RAFT_LOG_SEGMENT_BYTES).cluster("n" + node, peers).build();
    }

    private HttpResponse<String> call(int node, String method, String path, String key, String body,
            String idempotencyKey) {
        return loopback.call(servers[node].port(), key, method, path, body, idempotencyKey);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        }
    }

    private static String id(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        int at = answer.body().indexOf("\"id\":\"") + 6;
        return answer.body().substring(at, answer.body().indexOf('"', at));
    }


}
