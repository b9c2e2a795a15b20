package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.health.DiskSpace;
import dev.settle.health.HealthConfig;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics and the health probes, over HTTP, as a scraper and an orchestrator see them. */
class ObservabilityApiTest extends ServerTestBase {

    @Test
    void metricsCountRequestsByRouteTemplateNeverById() {
        String debit = server.account(key, "USD");
        String credit = server.account(key, "USD");
        server.get("/v1/accounts/" + debit, key);
        server.get("/v1/accounts/" + credit, key);
        TestServer.Answer scrape = server.get("/metrics", null);

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        String text = scrape.body();
        assertThat(value(text, "settle_http_server_requests_seconds_count",
                "method=\"GET\",route=\"/v1/accounts/{id}\",status=\"200\"")).isEqualTo(2);
        assertThat(value(text, "settle_http_server_requests_seconds_count",
                "method=\"POST\",route=\"/v1/accounts\",status=\"201\"")).isEqualTo(2);
        assertThat(text).contains("settle_http_server_requests_seconds_bucket{method=\"GET\",route=\"/v1/accounts/{id}\"");
        assertThat(text).doesNotContain(debit).doesNotContain(credit).doesNotContain(key)
                .doesNotContain(key.substring(3, 20));
        assertThat(text).contains("jvm_memory_used_bytes").contains("process_cpu_usage")
                .contains("settle_rocksdb_live_data_bytes").contains("settle_disk_free_bytes");
    }

    @Test
    void unknownRoutesAndMethodsShareBoundedLabels() {
        for (int i = 0; i < 20; i++) {
            server.get("/no/such/route/" + i, key);
            server.call("BREW" + i, "/v1/accounts/" + i, key, null);
        }
        String text = server.get("/metrics", null).body();

        assertThat(text).doesNotContain("/no/such").doesNotContain("BREW");
        assertThat(value(text, "settle_http_server_requests_seconds_count",
                "method=\"GET\",route=\"unmatched\",status=\"404\"")).isEqualTo(20);
        assertThat(MetricsScrape.parse(text).labelsOf("settle_http_server_requests_seconds_count")).allMatch(
                labels -> labels.get("route").startsWith("/") || labels.get("route").equals("unmatched"));
    }

    @Test
    void transfersAreCountedByResultAndReplaysAndAdmissionsToo() {
        String debit = server.account(key, "USD");
        String credit = server.account(key, "USD", "debits_must_not_exceed_credits");
        String transfer = TestServer.transfer(debit, credit, 5);
        assertThat(server.post("/v1/transfers", key, transfer, "Idempotency-Key", "k1").status()).isEqualTo(201);
        assertThat(server.post("/v1/transfers", key, transfer, "Idempotency-Key", "k1").header("Idempotent-Replayed"))
                .isEqualTo("true");
        assertThat(server.post("/v1/transfers", key, TestServer.transfer(credit, debit, 6)).status()).isEqualTo(422);
        String text = server.get("/metrics", null).body();

        assertThat(value(text, "settle_transfers_total", "result=\"ok\"")).isEqualTo(1);
        assertThat(value(text, "settle_transfers_total", "result=\"exceeds_credits\"")).isEqualTo(1);
        assertThat(value(text, "settle_accounts_total", "result=\"ok\"")).isEqualTo(2);
        assertThat(value(text, "settle_idempotency_replays_total", "")).isEqualTo(1);
        assertThat(value(text, "settle_limiter_decisions_total", "class=\"all\",decision=\"admitted\""))
                .isGreaterThanOrEqualTo(5);
        assertThat(value(text, "settle_pod_commit_seconds_count", "pod=\"0\"")
                + value(text, "settle_pod_commit_seconds_count", "pod=\"1\"")).isPositive();
        assertThat(text).contains("settle_pod_batch_size_commands_bucket{pod=\"0\",le=\"1.0\"}")
                .contains("settle_pod_queued_commands{pod=\"0\"}").contains("settle_pod_up{pod=\"0\"} 1.0");
        assertThat(text).contains("settle_webhook_deliveries_total{outcome=\"succeeded\"}")
                .contains("settle_webhook_lag_seconds");
    }

    @Test
    void readinessNamesItsComponentsAndFailsWhileAPodIsDown() {
        TestServer.Answer ready = server.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json()).containsEntry("status", "ok");
        assertThat(at(ready, "components", "pods", "status")).isEqualTo("ok");
        assertThat(at(ready, "components", "disk", "status")).isEqualTo("ok");

        var pod = server.server.pods().podOf(server.server.tenants().list().get(0).ledger());
        pod.injectBeforeCommit(() -> {
            throw new IllegalStateException("injected: no space left on device");
        });
        server.post("/v1/accounts", key, "{\"currency\":\"USD\"}");
        TestServer.Answer down = server.get("/health/ready", null);

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json()).containsEntry("status", "unavailable");
        assertThat(at(down, "components", "pods", "status")).isEqualTo("down");
        assertThat(server.get("/health/live", null).status()).isEqualTo(200);
        assertThat(server.get("/metrics", null).body()).containsPattern("settle_pod_up\\{pod=\"\\d\"} 0.0");
    }

    @Test
    void readinessFailsWhileTheDiskIsBelowItsMinimum(@TempDir Path other) throws Exception {
        AtomicLong freeBytes = new AtomicLong(DiskSpace.FREE_BYTES_MIN_DEFAULT * 4);
        try (TestServer disk = TestServer.start(other, config -> config.health(
                HealthConfig.defaults().withProbe(directory -> new DiskSpace.Probe() {
                    @Override
                    public long usableBytes() {
                        return freeBytes.get();
                    }

                    @Override
                    public long totalBytes() {
                        return DiskSpace.FREE_BYTES_MIN_DEFAULT * 8;
                    }
                })))) {
            assertThat(disk.get("/health/ready", null).status()).isEqualTo(200);

            freeBytes.set(DiskSpace.FREE_BYTES_MIN_DEFAULT - 1);
            TestServer.Answer full = disk.get("/health/ready", null);
            assertThat(full.status()).isEqualTo(503);
            assertThat(at(full, "components", "disk", "status")).isEqualTo("low");
            assertThat(at(full, "components", "disk", "free_bytes")).isEqualTo(DiskSpace.FREE_BYTES_MIN_DEFAULT - 1);
            assertThat(value(disk.get("/metrics", null).body(), "settle_disk_free_bytes", ""))
                    .isEqualTo(DiskSpace.FREE_BYTES_MIN_DEFAULT - 1);

            freeBytes.set(DiskSpace.FREE_BYTES_MIN_DEFAULT);
            assertThat(disk.get("/health/ready", null).status()).isEqualTo(200);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object at(TestServer.Answer answer, String... path) {
        Object node = answer.json();
        for (String name : path) {
            node = ((java.util.Map<String, Object>) node).get(name);
        }
        return node;
    }

    /** The value of one sample: {@code name{labels}}, labels as Prometheus prints them. */
    static double value(String text, String name, String labels) {
        return MetricsScrape.parse(text).value(name, labels);
    }
}
