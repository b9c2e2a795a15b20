package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.cluster.LocalCluster;
import dev.settle.cluster.NodeNetworks;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cluster nodes as processes, each in its own network namespace ({@link NodeNetworks}),
 * transfers written with idempotency keys to any node (retried on the others with the same key),
 * and faults in turn: the pod's leader killed with SIGKILL and restarted, then a node cut off the
 * others (its Raft link down, the leader or a follower in turn) and joined again. Four faults in
 * the short form; scripts/cluster-faults runs more. While a node is cut off, a write and a read on
 * it answer 503 {@code unavailable}, never a stale 200. At the end every acknowledged transfer is
 * on every node exactly once, the balances count each transfer that exists once, and every node's
 * store passes verify with the same checksum.
 */
class ClusterCrashTest {
    private static final int NODES = 3;
    private static final int FAULTS = Integer.getInteger("settle.cluster.faults", 4);
    private static final int TRANSFERS_MAX = Integer.getInteger("settle.cluster.transfers", 800);
    private static final int HTTP_PORT = 8080;
    private static final int RAFT_PORT = 7101;
    /** How long a node stays cut off: several election timeouts. */
    private static final long CUT_MILLIS = 4_000;
    private static final Duration AWAIT_MAX = Duration.ofSeconds(60);
    private static final Duration WRITES_AWAIT_MAX = Duration.ofSeconds(300);
    private static final int ATTEMPTS_PER_TRANSFER = 40;

    @TempDir
    Path root;

    private final Process[] processes = new Process[NODES];
    private final int[] ports = new int[NODES];
    private NodeNetworks networks;
    /** The node cut off the others now, or -1. */
    private volatile int isolated = -1;
    private final AtomicReference<String> key = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LoopbackHttp loopback = new LoopbackHttp();
    private String peers;

    @AfterEach
    void killAll() throws InterruptedException {
        for (Process process : processes) {
            if (process != null) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (networks != null) {
            networks.close();
        }
    }

    @Test
    void noAcknowledgedTransferIsLostOrDoubledWhenLeadersAreKilledAndNodesCutOff() throws Exception {
        networks = NodeNetworks.create(NODES);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            members.add("n" + i + "=" + networks.raftAddress(i) + ":" + RAFT_PORT);
        }
        peers = String.join(",", members);
        for (int i = 0; i < NODES; i++) {
            start(i);
        }
        LocalCluster.await(AWAIT_MAX, () -> key.get() != null);
        String a = createAccount();
        String b = createAccount();

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> attempted = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        AtomicReference<Long> killedAtNanos = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong lastAckNanos = new java.util.concurrent.atomic.AtomicLong();
        List<Long> failoverMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int k = 0; k < TRANSFERS_MAX && writing.get(); k++) {
                    String id = UUID.nameUUIDFromBytes(("transfer-" + k).getBytes(StandardCharsets.UTF_8)).toString();
                    synchronized (attempted) {
                        attempted.add(id);
                    }
                    String body = "{\"id\":\"" + id + "\",\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\""
                            + b + "\",\"amount\":1}";
                    if (postWithRetries("/v1/transfers", body, "t-" + k, k)) {
                        acknowledged.add(id);
                        lastAckNanos.set(System.nanoTime());
                        Long killed = killedAtNanos.getAndSet(null);
                        if (killed != null) {
                            failoverMillis.add((System.nanoTime() - killed) / 1_000_000);
                        }
                    }
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            } finally {
                done.countDown();
            }
        });
        List<Long> cutFailoverMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
        int cuts = 0;
        for (int fault = 0; fault < FAULTS; fault++) {
            int before = (fault + 1) * TRANSFERS_MAX / (FAULTS + 2);
            // A slow machine slows the writer, not the test's verdict: the wait is generous.
            LocalCluster.await(WRITES_AWAIT_MAX, () -> acknowledged.size() >= before || done.getCount() == 0);
            int leader = leader();
            if (fault % 2 == 0) {
                processes[leader].destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
                killedAtNanos.set(System.nanoTime());
                leader(); // the survivors have elected a new leader: the killed node returns as a follower
                start(leader);
            } else {
                int node = cuts++ % 2 == 0 ? leader : (leader + 1) % NODES;
                cutOff(node, node == leader ? cutFailoverMillis : null, a);
            }
        }
        assertThat(done.await(300, TimeUnit.SECONDS)).as("the writer finished").isTrue();
        writing.set(false);
        writer.join();
        assertThat(writerFailure.get()).as("the writer's failure").isNull();
        List<Long> sorted = failoverMillis.stream().sorted().toList();
        // A figure, not a check (timings are never asserted): kill -9 of the leader to the next acknowledged write.
        System.out.printf("cluster faults: %d faults (%d kills, %d cuts), %d of %d transfers acknowledged; failover ms"
                + " (kill to next acknowledged write) %s, median %s, max %s; leader cut off to the next leader's"
                + " first write, ms %s%n", FAULTS, FAULTS - cuts, cuts, acknowledged.size(), attempted.size(), sorted,
                sorted.isEmpty() ? "-" : sorted.get(sorted.size() / 2), sorted.isEmpty() ? "-" : sorted.getLast(),
                cutFailoverMillis);

        assertThat(acknowledged).as("most transfers were acknowledged").hasSizeGreaterThan(TRANSFERS_MAX / 2);
        long present = 0;
        for (String id : attempted) {
            int status = call(0, "GET", "/v1/transfers/" + id, null, null).statusCode();
            if (status == 200) {
                present++;
            } else {
                assertThat(acknowledged).as("an acknowledged transfer is missing: %s", id).doesNotContain(id);
            }
        }
        for (int i = 0; i < NODES; i++) {
            int node = i;
            for (String id : acknowledged) {
                assertThat(call(node, "GET", "/v1/transfers/" + id, null, null).statusCode())
                        .as("acknowledged transfer %s on node %d", id, node).isEqualTo(200);
            }
            HttpResponse<String> account = call(node, "GET", "/v1/accounts/" + b, null, null);
            java.util.regex.Matcher credits = java.util.regex.Pattern.compile("\"credits_posted\":(\\d+)")
                    .matcher(account.body());
            assertThat(credits.find()).as(account.body()).isTrue();
            assertThat(Long.parseLong(credits.group(1))).as("node %d counts each transfer once", node)
                    .isEqualTo(present);
        }

        // The checksums compare states at one applied index: a proposal that answered 503 (on the
        // cut-off node) may still commit afterwards, and a restarted node's background attempt to
        // create tenant default is an entry too. Stop once every node has applied the same entries.
        long[] previous = new long[NODES];
        LocalCluster.await(AWAIT_MAX, () -> {
            long[] applied = new long[NODES];
            for (int i = 0; i < NODES; i++) {
                java.util.regex.Matcher index = java.util.regex.Pattern.compile("\"applied_index\":(\\d+)")
                        .matcher(adminView(i));
                applied[i] = index.find() ? Long.parseLong(index.group(1)) : -1;
            }
            boolean settled = applied[0] >= 0 && java.util.Arrays.stream(applied).allMatch(x -> x == applied[0])
                    && java.util.Arrays.equals(applied, previous);
            System.arraycopy(applied, 0, previous, 0, NODES);
            pause(500);
            return settled;
        });
        for (int i = 0; i < NODES; i++) {
            processes[i].destroy(); // SIGTERM: a clean stop
        }
        for (int i = 0; i < NODES; i++) {
            assertThat(processes[i].waitFor(60, TimeUnit.SECONDS)).isTrue();
            processes[i] = null;
        }
        String checksum = null;
        for (int i = 0; i < NODES; i++) {
            Path store = root.resolve("n" + i).resolve("store");
            VerifyReport report = StoreVerifier.verify(store);
            assertThat(report.passed()).as(report.render()).isTrue();
            String sum = StoreVerifier.checksum(store).sha256();
            if (checksum == null) {
                checksum = sum;
            }
            assertThat(sum).as("node %d's state against node 0's", i).isEqualTo(checksum);
        }
    }

    /** POSTs on the node for {@code k}, then the others, with the same key; true once acknowledged. */
    private boolean postWithRetries(String path, String body, String idempotencyKey, int k) {
        for (int attempt = 0; attempt < ATTEMPTS_PER_TRANSFER; attempt++) {
            int node = (k + attempt) % NODES;
            try {
                HttpResponse<String> answer = call(node, "POST", path, body, idempotencyKey);
                if (answer.statusCode() == 201 || answer.statusCode() == 200) {
                    return true;
                }
                if (answer.statusCode() < 500 && answer.statusCode() != 409 && answer.statusCode() != 429) {
                    throw new AssertionError("refused: " + answer.statusCode() + " " + answer.body());
                }
            } catch (UncheckedIOException e) {
                // The node is down or restarting: the next one.
            }
            pause(100);
        }
        return false;
    }

    private String createAccount() {
        String idempotencyKey = "acc-" + UUID.randomUUID();
        for (int attempt = 0; attempt < ATTEMPTS_PER_TRANSFER; attempt++) {
            try {
                HttpResponse<String> answer = call(attempt % NODES, "POST", "/v1/accounts", "{\"currency\":\"USD\"}",
                        idempotencyKey);
                if (answer.statusCode() == 201) {
                    int at = answer.body().indexOf("\"id\":\"") + 6;
                    return answer.body().substring(at, answer.body().indexOf('"', at));
                }
            } catch (UncheckedIOException e) {
                // next node
            }
            pause(250);
        }
        throw new AssertionError("no account could be created");
    }

    /**
     * Cuts {@code node} off the others for {@link #CUT_MILLIS}: meanwhile a write and a read on it
     * answer 503 (it cannot reach a majority, and serves nothing stale), and the others go on.
     * When it led, the time to the next leader's first write on {@code a} goes to {@code failovers}.
     */
    private void cutOff(int node, List<Long> failovers, String a) throws InterruptedException {
        long cutAt = System.nanoTime();
        networks.cut(node);
        isolated = node;
        try {
            if (failovers != null) {
                // Retried as a client would: the first attempt may still go to the old leader and time out.
                int next = leader();
                LocalCluster.await(AWAIT_MAX, () -> {
                    try {
                        return call(next, "POST", "/v1/accounts", "{\"currency\":\"USD\"}", "after-cut-" + cutAt)
                                .statusCode() == 201;
                    } catch (UncheckedIOException e) {
                        return false;
                    }
                });
                failovers.add((System.nanoTime() - cutAt) / 1_000_000);
            }
            // Once its election timeout has passed, it knows it has no leader (and answers at once).
            LocalCluster.await(AWAIT_MAX, () -> adminView(node).contains("\"leader\":null"));
            HttpResponse<String> write = call(node, "POST", "/v1/accounts", "{\"currency\":\"USD\"}",
                    "on-cut-node-" + cutAt);
            assertThat(write.statusCode()).as("a write on the cut-off node: %s", write.body()).isEqualTo(503);
            assertThat(write.body()).contains("\"code\":\"unavailable\"");
            HttpResponse<String> read = call(node, "GET", "/v1/accounts/" + a, null, null);
            assertThat(read.statusCode()).as("a linearizable read on the cut-off node: %s", read.body())
                    .isEqualTo(503);
            Thread.sleep(Math.max(0, CUT_MILLIS - (System.nanoTime() - cutAt) / 1_000_000));
        } finally {
            networks.heal(node);
            isolated = -1;
        }
    }

    /** {@code GET /v1/admin/cluster} on the node, or "" when it does not answer. */
    private String adminView(int node) {
        try {
            return http.send(HttpRequest.newBuilder(
                    URI.create("http://" + networks.httpAddress(node) + ":" + ports[node] + "/v1/admin/cluster"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The node that leads pod 0, as the nodes that answer say. */
    private int leader() {
        AtomicReference<Integer> found = new AtomicReference<>();
        LocalCluster.await(AWAIT_MAX, () -> {
            for (int i = 0; i < NODES; i++) {
                if (i != isolated && adminView(i).contains("\"role\":\"leader\"")) {
                    found.set(i); // the cut-off node is skipped: it may still believe it leads
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    private void start(int node) throws IOException {
        Path logs = Files.createDirectories(root.resolve("logs"));
        String java = ProcessHandle.current().info().command().orElse("java");
        // As ./settle starts it: umask 077, so that every file RocksDB makes is owner-only (verify checks).
        List<String> command = networks.inside(node, List.of("sh", "-c", "umask 077 && exec \"$0\" \"$@\"",
                java, "--enable-native-access=ALL-UNNAMED", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), ClusterNodeMain.class.getName(),
                root.resolve("n" + node).toString(), "n" + node, peers, Integer.toString(HTTP_PORT),
                networks.httpAddress(node)));
        Process process = new ProcessBuilder(command)
                .redirectError(Files.createTempFile(logs, "n" + node + "-", ".log").toFile()).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CountDownLatch listening = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("PORT ")) {
                        ports[node] = Integer.parseInt(line.substring(5));
                        listening.countDown();
                    } else if (line.startsWith("KEY ")) {
                        key.compareAndSet(null, line.substring(4));
                    }
                }
            } catch (IOException ended) {
                // The process is gone.
            }
        });
        processes[node] = process;
        try {
            if (!listening.await(AWAIT_MAX.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("node " + node + " did not start; see " + logs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> call(int node, String method, String path, String body, String idempotencyKey) {
        return loopback.call(networks.httpAddress(node), ports[node], key.get(), method, path, body, idempotencyKey);
    }


    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
