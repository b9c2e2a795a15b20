package dev.settle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import dev.settle.traffic.TenantLimits;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's own server gets an admin token, with which its tenant's limits are raised to the highest. */
class BenchTenantLimitsTest {
    @TempDir
    Path data;

    @Test
    void theDefaultTenantsLimitsAreRaisedThroughTheAdminApi() throws Exception {
        String token = BenchTenantLimits.newAdminToken();
        assertThat(token).hasSize(43);
        ServerConfig config = ServerConfig.builder(data).host(HttpBenchRun.LOOPBACK).adminToken(token).build();
        try (SettleServer server = SettleServer.start(config, key -> { })) {
            URI base = URI.create("http://" + HttpBenchRun.LOOPBACK + ":" + server.port());
            BenchTenantLimits.raise(base, token);
            String tenants = new String(java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(base.resolve("/v1/admin/tenants"))
                            .header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(tenants).contains("\"writes_per_second\":" + TenantLimits.RATE_PER_SECOND_MAX,
                    "\"reads_per_second\":" + TenantLimits.RATE_PER_SECOND_MAX,
                    "\"concurrent_requests_max\":" + TenantLimits.CONCURRENT_REQUESTS_LIMIT, "\"source\":\"tenant\"");

            assertThatThrownBy(() -> BenchTenantLimits.raise(base, "wrong-" + token))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("answered 401");
        }
    }
}
