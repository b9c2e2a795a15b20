package dev.settle.cli;

import dev.settle.api.json.JsonReader;
import dev.settle.traffic.TenantLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Lifts the bench tenant's limits through the admin API, as an operator would, so that the bench
 * measures the server rather than its rate limiter: at the default 20,000 writes/s the
 * single-transfer phase would mostly count 429s.
 */
final class BenchTenantLimits {
    /** The highest rate a tenant may be given; far above what one machine answers. */
    static final int RATE_PER_SECOND = TenantLimits.RATE_PER_SECOND_MAX;
    /** Far above the bench's connections, each with one request in flight. */
    static final int CONCURRENT_REQUESTS = TenantLimits.CONCURRENT_REQUESTS_LIMIT;
    /** The tenant a fresh server creates, whose key the bench uses. */
    static final String TENANT_NAME = "default";
    private static final int ADMIN_TOKEN_BYTES = 32;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private BenchTenantLimits() {}

    /** A random admin token for the bench's own server (43 characters, 256 bits). */
    static String newAdminToken() {
        byte[] bytes = new byte[ADMIN_TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Gives tenant {@link #TENANT_NAME} of the server at {@code base} the highest limits.
     *
     * @throws IllegalStateException when the admin API refuses or the tenant is missing
     */
    static void raise(URI base, String adminToken) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            String list = send(http, HttpRequest.newBuilder(base.resolve("/v1/admin/tenants")).GET(), adminToken);
            String id = tenantId(list);
            String limits = "{\"limits\":{\"reads_per_second\":" + RATE_PER_SECOND + ",\"writes_per_second\":"
                    + RATE_PER_SECOND + ",\"concurrent_requests_max\":" + CONCURRENT_REQUESTS + "}}";
            send(http, HttpRequest.newBuilder(base.resolve("/v1/admin/tenants/" + id))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(limits)), adminToken);
        }
    }

    private static String send(HttpClient http, HttpRequest.Builder request, String adminToken)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request.timeout(TIMEOUT).header("Authorization", "Bearer " + adminToken)
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the admin API answered " + answer.statusCode() + " to "
                    + answer.request().method() + " " + answer.request().uri().getPath() + ": " + answer.body());
        }
        return answer.body();
    }

    @SuppressWarnings("unchecked")
    private static String tenantId(String list) {
        Object data = JsonReader.parseObject(list.getBytes(StandardCharsets.UTF_8)).get("data");
        for (Object tenant : (List<Object>) data) {
            Map<String, Object> fields = (Map<String, Object>) tenant;
            if (TENANT_NAME.equals(fields.get("name"))) {
                return (String) fields.get("id");
            }
        }
        throw new IllegalStateException("the bench's server has no tenant named " + TENANT_NAME);
    }
}
