package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.cluster.LocalCluster;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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
 * Reconciliation on a three-node cluster: a statement imported through one node is matched
 * against transfers made through another and reads the same on all; two statements imported at
 * once through two nodes, both showing one transfer, claim it once (guarded records decided in
 * the log's order).
 */
class ClusterReconciliationTest {
    private static final int NODES = 3;
    private static final Duration AWAIT_MAX = Duration.ofSeconds(60);
    private static final String MAPPING = "&format=csv&mapping%5Bdate%5D=date&mapping%5Bamount%5D=amount"
            + "&mapping%5Breference%5D=reference&mapping%5Bdescription%5D=description";

    @TempDir
    Path root;

    private final SettleServer[] servers = new SettleServer[NODES];
    private final List<String> shownKeys = new CopyOnWriteArrayList<>();
    private final LoopbackHttp loopback = new LoopbackHttp();

    @AfterEach
    void stopAll() {
        for (SettleServer server : servers) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aStatementMatchesThroughAnyNodeAndTwoImportsAtOnceClaimATransferOnce() throws Exception {
        Path keyFile = LocalCluster.sharedMasterKey(root);
        String peers = LocalCluster.peers(NODES);
        for (int i = 0; i < NODES; i++) {
            servers[i] = SettleServer.start(ServerConfig.builder(root.resolve("n" + i)).port(0)
                    .adminToken(TestServer.ADMIN_TOKEN).masterKeyFile(keyFile).clockMillis(System::currentTimeMillis)
                    .cluster("n" + i, peers).build(), shownKeys::add);
        }
        LocalCluster.await(AWAIT_MAX, () -> !shownKeys.isEmpty());
        String key = shownKeys.get(0);
        LocalCluster.await(AWAIT_MAX, () -> call(1, "/v1/accounts", null, key).statusCode() == 200);
        String bank = field(call(0, "/v1/accounts", "{\"currency\":\"USD\"}", key).body(), "id");
        String customers = field(call(0, "/v1/accounts", "{\"currency\":\"USD\"}", key).body(), "id");
        String shared = transfer(0, key, bank, customers, 12_500);
        String own = transfer(0, key, bank, customers, 300);
        String day = field(call(0, "/v1/transfers/" + shared, null, key).body(), "created").substring(0, 10);

        String first = "date,amount,reference,description\n" + day + ",125.00," + shared + ",a\n";
        String second = "date,amount,reference,description\n" + day + ",125.00," + shared + ",b\n"
                + day + ",3.00," + own + ",c\n";
        HttpResponse<String> a;
        HttpResponse<String> b;
        try (ExecutorService importers = Executors.newFixedThreadPool(2)) {
            Future<HttpResponse<String>> fa = importers.submit(() -> upload(1, key, bank, first));
            Future<HttpResponse<String>> fb = importers.submit(() -> upload(2, key, bank, second));
            a = fa.get();
            b = fb.get();
        }
        assertThat(a.statusCode()).as(a.body()).isEqualTo(201);
        assertThat(b.statusCode()).as(b.body()).isEqualTo(201);
        // The shared transfer is claimed by exactly one line, whichever import came first.
        for (int node = 0; node < NODES; node++) {
            int node0 = node;
            LocalCluster.await(AWAIT_MAX, () -> call(node0, "/v1/reconciliation/statements", null, key).body()
                    .contains("\"line_count\":2"));
            int claims = 0;
            for (String statement : ids(call(node, "/v1/reconciliation/statements", null, key).body(), "stmt_")) {
                String lines = call(node, "/v1/reconciliation/statements/" + statement + "/lines", null, key).body();
                claims += count(lines, "\"transfer_ids\":[\"" + shared + "\"]");
            }
            assertThat(claims).as("node %d", node).isEqualTo(1);
        }
    }

    private HttpResponse<String> upload(int node, String key, String account, String csv) throws Exception {
        return loopback.post(servers[node].port(), key, "/v1/reconciliation/statements?account_id=" + account + MAPPING,
                csv, "Content-Type", "text/csv");
    }

    private String transfer(int node, String key, String debit, String credit, long amount) {
        HttpResponse<String> created = call(node, "/v1/transfers", "{\"debit_account_id\":\"" + debit
                + "\",\"credit_account_id\":\"" + credit + "\",\"amount\":" + amount + ",\"code\":1}", key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return field(created.body(), "id");
    }

    private HttpResponse<String> call(int node, String path, String body, String key) {
        return loopback.call(servers[node].port(), key, body == null ? "GET" : "POST", path, body, null);
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group(1);
    }

    private static List<String> ids(String json, String prefix) {
        return Pattern.compile("\"id\":\"(" + prefix + "[0-9a-f]+)\"").matcher(json).results().map(m -> m.group(1))
                .distinct().toList();
    }

    private static int count(String text, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
