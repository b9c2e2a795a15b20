package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.pod.Pod;
import dev.settle.traffic.DegradationPolicy;
import dev.settle.traffic.Priority;
import dev.settle.traffic.RequestKind;
import dev.settle.traffic.TrafficStats;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limiters over real HTTP: 429s with their headers, shedding by priority, pods isolated. */
class TrafficApiTest {
    /** Sheds early so a slowed pod trips it: bulk at 50 ms of queue delay, reads at 100, normal at 200. */
    private static final String TIGHT_POLICY = """
            fleet:
              in_flight_max: 4096
            tenant_defaults:
              reads_per_second: 20000
              writes_per_second: 20000
              concurrent_requests_max: 512
            shed:
              bulk:     {queue_percent: 60,  queue_delay_ms: 50,    in_flight_percent: 60}
              read:     {queue_percent: 80,  queue_delay_ms: 100,   in_flight_percent: 80}
              normal:   {queue_percent: 90,  queue_delay_ms: 200,   in_flight_percent: 90}
              critical: {queue_percent: 100, queue_delay_ms: never, in_flight_percent: 100}
            """;
    private static final long AWAIT_MILLIS_MAX = 30_000;

    @TempDir
    Path data;
    private final AtomicLong trafficNanos = new AtomicLong(1_000_000_000L);
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String policy) throws Exception {
        DegradationPolicy parsed = DegradationPolicy.parse(policy, "test policy");
        server = TestServer.start(data, c -> c.pods(2).degradation(parsed).trafficNanos(trafficNanos::get));
    }

    /** Creates a tenant and answers its key; {@code limits} is a JSON object or null. */
    private String tenant(String name, String limits) {
        TestServer.Answer created = server.post("/v1/admin/tenants", TestServer.ADMIN_TOKEN,
                "{\"name\":\"" + name + "\"" + (limits == null ? "" : ",\"limits\":" + limits) + "}");
        assertThat(created.status()).isEqualTo(201);
        return (String) created.field("api_key");
    }

    private String tenantId(String name) {
        return (String) server.get("/v1/admin/tenants", TestServer.ADMIN_TOKEN).data().stream()
                .filter(t -> t.get("name").equals(name)).findFirst().orElseThrow().get("id");
    }

    private long tenantPod(String name) {
        return (Long) server.get("/v1/admin/tenants/" + tenantId(name), TestServer.ADMIN_TOKEN).field("pod");
    }

    private String accountBody(String id) {
        return "{\"id\":\"" + id + "\",\"currency\":\"USD\",\"code\":1}";
    }

    @Test
    void aTenantOverItsWriteRateGets429WithTheRateLimitHeadersAndNothingApplied() throws Exception {
        start(TIGHT_POLICY);
        String tight = tenant("tight", "{\"writes_per_second\":3}");
        String other = tenant("other", null);
        for (int i = 0; i < 3; i++) {
            assertThat(server.post("/v1/accounts", tight, accountBody(UUID.randomUUID().toString())).status())
                    .isEqualTo(201);
        }
        String refusedId = UUID.randomUUID().toString();
        TestServer.Answer refused = server.post("/v1/accounts", tight, accountBody(refusedId));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.field("error.type")).isEqualTo("rate_limit_error");
        assertThat(refused.field("error.code")).isEqualTo("rate_limited");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"writes\";q=3;w=1");
        assertThat(refused.header("RateLimit")).isEqualTo("\"writes\";r=0;t=1");
        assertThat(server.get("/v1/accounts/" + refusedId, tight).status()).isEqualTo(404);
        assertThat(server.get("/v1/accounts", tight).status()).as("reads have their own budget").isEqualTo(200);
        assertThat(server.post("/v1/accounts", other, accountBody(UUID.randomUUID().toString())).status())
                .as("another tenant's budget is its own").isEqualTo(201);
        assertThat(server.server.traffic().stats().rateLimited(RequestKind.WRITE)).isEqualTo(1);

        trafficNanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(server.post("/v1/accounts", tight, accountBody(refusedId)).status()).isEqualTo(201);
    }

    @Test
    void limitsChangeWhileTheServerRunsAndSurviveARestart() throws Exception {
        start(TIGHT_POLICY);
        String key = tenant("changing", null);
        String id = tenantId("changing");
        TestServer.Answer updated = server.post("/v1/admin/tenants/" + id, TestServer.ADMIN_TOKEN,
                "{\"limits\":{\"reads_per_second\":1}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("limits")).isEqualTo(java.util.Map.of("reads_per_second", 1L,
                "writes_per_second", 20_000L, "concurrent_requests_max", 512L, "source", "tenant"));
        assertThat(server.get("/v1/accounts", key).status()).isEqualTo(200);
        assertThat(server.get("/v1/accounts", key).status()).isEqualTo(429);

        server = server.restart();
        assertThat(server.get("/v1/admin/tenants/" + id, TestServer.ADMIN_TOKEN).json().get("limits"))
                .isEqualTo(updated.json().get("limits"));
        TestServer.Answer reset = server.post("/v1/admin/tenants/" + id, TestServer.ADMIN_TOKEN, "{\"limits\":null}");
        assertThat(reset.json().get("limits")).asString().contains("source=default");
        assertThat(server.post("/v1/admin/tenants/" + id, TestServer.ADMIN_TOKEN,
                "{\"limits\":{\"reads_per_second\":0}}").field("error.param")).isEqualTo("limits.reads_per_second");
    }

    @Test
    void aTenantAtItsConcurrencyCapGets429UntilARequestFinishes() throws Exception {
        start(TIGHT_POLICY);
        String key = tenant("narrow", "{\"concurrent_requests_max\":1}");
        Pod pod = server.server.pods().pod((int) tenantPod("narrow"));
        try (HeldCommits held = HeldCommits.of(pod)) {
            CompletableFuture<TestServer.Answer> slow = CompletableFuture.supplyAsync(
                    () -> server.post("/v1/accounts", key, accountBody(UUID.randomUUID().toString())));
            held.awaitFirstCommit();

            TestServer.Answer refused = server.get("/v1/accounts", key);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.field("error.code")).isEqualTo("too_many_concurrent_requests");
            assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"concurrency\";q=1");
            held.release();
            assertThat(slow.get(AWAIT_MILLIS_MAX, TimeUnit.MILLISECONDS).status()).isEqualTo(201);
        }
        assertThat(server.get("/v1/accounts", key).status()).isEqualTo(200);
    }

    @Test
    void aSlowPodShedsBulkReadsAndWritesButPostsPendingsWhileTheOtherPodGoesOn() throws Exception {
        start(TIGHT_POLICY);
        String slowKey = tenant("slow", null);
        String fastKey = tenant("fast", null);
        assertThat(tenantPod("slow")).isNotEqualTo(tenantPod("fast"));
        String a = server.account(slowKey, "USD");
        String b = server.account(slowKey, "USD");
        TestServer.Answer pending = server.post("/v1/transfers", slowKey, TestServer.transfer(a, b, 500)
                .replace("}", ",\"flags\":[\"pending\"],\"timeout_seconds\":3600}"));
        String pendingId = (String) pending.field("id");
        Pod slowPod = server.server.pods().pod((int) tenantPod("slow"));

        try (HeldCommits held = HeldCommits.of(slowPod)) {
            CompletableFuture<TestServer.Answer> first = CompletableFuture.supplyAsync(
                    () -> server.post("/v1/transfers", slowKey, TestServer.transfer(a, b, 1)));
            held.awaitFirstCommit();
            // Its commit has now "taken" 250 ms: past the bulk, read and normal thresholds.
            trafficNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));

            TestServer.Answer bulk = server.post("/v1/transfers/batch", slowKey,
                    "{\"transfers\":[" + TestServer.transfer(a, b, 1) + "]}");
            assertThat(bulk.status()).isEqualTo(503);
            assertThat(bulk.field("error.code")).isEqualTo("load_shed");
            assertThat(bulk.header("Retry-After")).isEqualTo("1");
            assertThat(server.get("/v1/accounts/" + a, slowKey).status()).isEqualTo(503);
            assertThat(server.post("/v1/transfers", slowKey, TestServer.transfer(a, b, 1)).status()).isEqualTo(503);
            CompletableFuture<TestServer.Answer> post = CompletableFuture.supplyAsync(() -> server.post(
                    "/v1/transfers", slowKey, "{\"flags\":[\"post_pending_transfer\"],\"pending_id\":\""
                            + pendingId + "\"}"));
            String c = server.account(fastKey, "USD");
            String d = server.account(fastKey, "USD");
            assertThat(server.post("/v1/transfers", fastKey, TestServer.transfer(c, d, 7)).status())
                    .as("the other pod is not slowed").isEqualTo(201);

            held.release();
            assertThat(post.get(AWAIT_MILLIS_MAX, TimeUnit.MILLISECONDS).status()).as("critical is never shed")
                    .isEqualTo(201);
            assertThat(first.get(AWAIT_MILLIS_MAX, TimeUnit.MILLISECONDS).status()).isEqualTo(201);
        }
        TrafficStats stats = server.server.traffic().stats();
        assertThat(stats.shed(Priority.BULK)).isEqualTo(1);
        assertThat(stats.shed(Priority.READ)).isEqualTo(1);
        assertThat(stats.shed(Priority.NORMAL)).as("ours, and maybe late background writes").isPositive();
        assertThat(stats.shed(Priority.CRITICAL)).isZero();
    }

    /** Holds a pod's commits, as a stalled disk would, until released (at the latest on close). */
    private static final class HeldCommits implements AutoCloseable {
        private final Pod pod;
        private final CountDownLatch committing = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private HeldCommits(Pod pod) {
            this.pod = pod;
        }

        static HeldCommits of(Pod pod) {
            HeldCommits held = new HeldCommits(pod);
            pod.injectBeforeCommit(() -> {
                held.committing.countDown();
                held.released.await();
            });
            return held;
        }

        /** Waits until a commit is held: the request that caused it is admitted and in flight. */
        void awaitFirstCommit() throws InterruptedException {
            assertThat(committing.await(AWAIT_MILLIS_MAX, TimeUnit.MILLISECONDS)).as("a commit within %d ms",
                    AWAIT_MILLIS_MAX).isTrue();
        }

        void release() {
            released.countDown();
        }

        @Override
        public void close() {
            release();
            pod.injectBeforeCommit(null);
        }
    }
}
