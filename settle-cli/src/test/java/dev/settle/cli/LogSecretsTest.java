package dev.settle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.settle.cli.logs.FlatJson;
import dev.settle.logs.LogKeys;
import dev.settle.tenant.ApiKeys;
import dev.settle.webhooks.WebhookConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code settle serve} as a real process, sent every kind of secret the API knows (tenant keys,
 * the admin token, webhook secrets, wrong keys, keys in a query string and in bodies) on good and
 * bad requests: its standard error holds JSON log lines only, an access line per request, and
 * none of those secrets, nor any Authorization header.
 */
class LogSecretsTest {
    private static final long EXIT_WAIT_SECONDS = 30;
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^ ]+) ");
    private static final Pattern DEFAULT_KEY = Pattern.compile("\n  (sk_\\S+)\n");
    /** Larger than any ordinary route's body limit. */
    private static final int OVERSIZE_BODY_BYTES = 80 * 1024;

    @TempDir
    Path directory;

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Sent> sent = new ArrayList<>();
    /** Every secret sent or received: none may be in a log line. */
    private final List<String> secrets = new ArrayList<>();
    private URI base;

    /** A request the server answered with an id: its access line must say the same. */
    private record Sent(String requestId, String method, String route, int status) {}

    @Test
    void noSecretKeyWebhookSecretOrAuthorizationHeaderIsEverLogged() throws Exception {
        Path stderr = directory.resolve("stderr.txt");
        String adminToken = ApiKeys.generate();
        secrets.add(adminToken);
        Process server = start(adminToken, stderr);
        StringBuilder stdout = new StringBuilder();
        String defaultKey;
        try (BufferedReader lines = server.inputReader(StandardCharsets.UTF_8)) {
            try {
                String ready = readUntil(lines, LISTENING, stdout);
                Matcher key = DEFAULT_KEY.matcher(ready);
                assertThat(key.find()).as("the default key on stdout").isTrue();
                defaultKey = key.group(1);
                secrets.add(defaultKey);
                Matcher listening = LISTENING.matcher(ready);
                assertThat(listening.find()).isTrue();
                base = URI.create(listening.group(1));

                useTheDefaultTenant(defaultKey);
                sendWrongKeys(defaultKey);
                useTheAdminApi(adminToken);
                useWebhookEndpoints(defaultKey);
            } finally {
                // SIGTERM: the server drains, and its log's queue is written out before it exits.
                server.toHandle().destroy();
                if (!server.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            StringWriter rest = new StringWriter();
            lines.transferTo(rest);
            stdout.append(rest);
        }
        assertThat(server.exitValue()).isZero();

        List<Map<String, Object>> lines = logLines(stderr);
        assertAccessLines(lines);
        String log = Files.readString(stderr);
        for (String secret : secrets) {
            assertThat(log).as("the log").doesNotContain(secret);
        }
        assertThat(log).doesNotContain("whsec_").doesNotContainIgnoringCase("authorization")
                .doesNotContainIgnoringCase("bearer ");
        assertStdoutShowsOnlyTheDefaultKeyOnce(stdout.toString(), defaultKey);
    }

    /**
     * Reads standard output line by line (blocking: the server writes as it starts) until
     * {@code wanted} matches what was read; returns it all. A server that exits first fails.
     */
    private static String readUntil(BufferedReader lines, Pattern wanted, StringBuilder read) throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            read.append(line).append('\n');
            if (wanted.matcher(read).find()) {
                return read.toString();
            }
        }
        throw new AssertionError("the server exited before printing " + wanted + "; its output:\n" + read);
    }

    private void useTheDefaultTenant(String key) throws Exception {
        String debit = field(send("POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "/v1/accounts", 201), "id");
        String credit = field(send("POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "/v1/accounts", 201), "id");
        String transfer = "{\"debit_account_id\":\"" + debit + "\",\"credit_account_id\":\"" + credit
                + "\",\"amount\":1500,\"metadata\":{\"note\":\"" + secretLike("sk_test_in_metadata_") + "\"}}";
        send("POST", "/v1/transfers", key, transfer, "/v1/transfers", 201, "Idempotency-Key", "retry-1");
        send("POST", "/v1/transfers", key, transfer, "/v1/transfers", 201, "Idempotency-Key", "retry-1");
        send("GET", "/v1/accounts/" + debit, key, null, "/v1/accounts/{id}", 200);
        send("GET", "/v1/accounts?limit=1&api_key=" + secretLike("sk_test_query_"), key, null, "/v1/accounts", 400);
        send("POST", "/v1/accounts", key, "{\"currency\":\"USD\",\"metadata\":{\"k\":\"" + secretLike("sk_test_broken_")
                + "\"", "/v1/accounts", 400);
        send("POST", "/v1/accounts", key, "{\"currency\":\"" + secretLike("sk_test_body_") + "x".repeat(
                OVERSIZE_BODY_BYTES) + "\"}", "/v1/accounts", 413);
        send("GET", "/v1/no_such_route", key, null, "unmatched", 404);
    }

    private void sendWrongKeys(String goodKey) throws Exception {
        send("GET", "/v1/accounts", secretLike("sk_test_wrong_"), null, "/v1/accounts", 401);
        send("GET", "/v1/accounts", goodKey + "x", null, "/v1/accounts", 401);
        HttpResponse<String> basic = client.send(HttpRequest.newBuilder(base.resolve("/v1/accounts"))
                .header("Authorization", "Basic " + secretLike("c2VjcmV0")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        record(basic, "GET", "/v1/accounts", 401);
        HttpResponse<String> none = client.send(HttpRequest.newBuilder(base.resolve("/v1/accounts")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        record(none, "GET", "/v1/accounts", 401);
    }

    private void useTheAdminApi(String adminToken) throws Exception {
        send("POST", "/v1/admin/tenants", secretLike("sk_test_wrong_admin_"), "{\"name\":\"nobody\"}",
                "/v1/admin/tenants", 401);
        String tenantKey = field(send("POST", "/v1/admin/tenants", adminToken, "{\"name\":\"acme\"}",
                "/v1/admin/tenants", 201), "api_key");
        assertThat(tenantKey).startsWith("sk_");
        secrets.add(tenantKey);
        send("GET", "/v1/admin/tenants", adminToken, null, "/v1/admin/tenants", 200);
        send("POST", "/v1/accounts", tenantKey, "{\"currency\":\"EUR\"}", "/v1/accounts", 201);
    }

    private void useWebhookEndpoints(String key) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // closed again below: deliveries to it fail
        }
        String created = send("POST", "/v1/webhook_endpoints", key, "{\"url\":\"http://127.0.0.1:" + closedPort
                + "/hooks\",\"enabled_events\":[\"*\"]}", "/v1/webhook_endpoints", 201, "Idempotency-Key", "hook-1");
        String endpoint = field(created, "id");
        secrets.add(field(created, "secret"));
        String replayed = send("POST", "/v1/webhook_endpoints", key, "{\"url\":\"http://127.0.0.1:" + closedPort
                + "/hooks\",\"enabled_events\":[\"*\"]}", "/v1/webhook_endpoints", 201, "Idempotency-Key", "hook-1");
        assertThat(field(replayed, "secret")).isEqualTo(field(created, "secret"));
        String rotated = send("POST", "/v1/webhook_endpoints/" + endpoint + "/rotate_secret", key, "{}",
                "/v1/webhook_endpoints/{id}/rotate_secret", 200);
        secrets.add(field(rotated, "secret"));
        // An event for the endpoint: its delivery to the closed port fails, and is retried.
        send("POST", "/v1/accounts", key, "{\"currency\":\"USD\"}", "/v1/accounts", 201);
    }

    /** Sends with {@code Authorization: Bearer key} (when given) and checks the status. */
    private String send(String method, String path, String key, String body, String route, int status,
            String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        record(answer, method, route, status);
        return answer.body();
    }

    private void record(HttpResponse<String> answer, String method, String route, int status) {
        assertThat(answer.statusCode()).as(method + " " + route + ": " + answer.body()).isEqualTo(status);
        String requestId = answer.headers().firstValue("Request-Id").orElse(null);
        assertThat(requestId).as("Request-Id of " + method + " " + route).isNotNull();
        sent.add(new Sent(requestId, method, route, status));
    }

    private void assertAccessLines(List<Map<String, Object>> lines) {
        Map<String, Map<String, Object>> access = accessLinesById(lines);
        for (Sent request : sent) {
            Map<String, Object> line = access.get(request.requestId());
            assertThat(line).as("access line of " + request).isNotNull()
                    .containsEntry("level", "INFO")
                    .containsEntry(LogKeys.METHOD, request.method())
                    .containsEntry(LogKeys.ROUTE, request.route())
                    .containsEntry(LogKeys.STATUS, (long) request.status());
            assertThat((String) line.get("message")).startsWith(request.method() + " " + request.route() + " "
                    + request.status() + " ").endsWith(" ms");
            assertThat(line.get(LogKeys.DURATION_MICROS)).isInstanceOf(Long.class);
            assertThat(line.get(LogKeys.REPLAYED)).isInstanceOf(Boolean.class);
        }
        assertThat(access.values()).as("the idempotent replays")
                .filteredOn(line -> Boolean.TRUE.equals(line.get(LogKeys.REPLAYED))).hasSize(2);
        assertThat(access.values()).as("successful requests of a tenant name it")
                .filteredOn(line -> Long.valueOf(201).equals(line.get(LogKeys.STATUS))
                        && !((String) line.get(LogKeys.ROUTE)).startsWith("/v1/admin/"))
                .isNotEmpty().allSatisfy(line -> assertThat(line).containsKey(LogKeys.TENANT_ID));
    }

    private static Map<String, Map<String, Object>> accessLinesById(List<Map<String, Object>> lines) {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (Map<String, Object> line : lines) {
            if (LogKeys.ACCESS_LOGGER.equals(line.get("logger"))) {
                assertThat(byId.put((String) line.get(LogKeys.REQUEST_ID), line)).as("one access line per request")
                        .isNull();
            }
        }
        return byId;
    }

    /** Every non-empty line of standard error, each a JSON object with the four fields every line has. */
    private static List<Map<String, Object>> logLines(Path stderr) {
        List<Map<String, Object>> lines = new ArrayList<>();
        String text = read(stderr);
        // The last line may still be being written: only complete lines count.
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Map<String, Object> fields = FlatJson.parse(line);
                assertThat(fields).as(line).containsKeys("time", "level", "logger", "message");
                lines.add(fields);
            } catch (IOException e) {
                fail("not a JSON log line: " + line, e);
            }
        }
        return lines;
    }

    private static void assertStdoutShowsOnlyTheDefaultKeyOnce(String stdout, String defaultKey) {
        assertThat(stdout.split(Pattern.quote(defaultKey), -1)).as("pieces of stdout around the key").hasSize(2);
        assertThat(stdout).contains("its secret key is shown this once:\n  " + defaultKey + "\n")
                .doesNotContain("whsec_").doesNotContainIgnoringCase("authorization");
    }

    private Process start(String adminToken, Path stderr) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0",
                "--data", directory.resolve("data").toString(), "--degradation", shippedPolicy().toString())
                .redirectError(stderr.toFile());
        builder.environment().put(ServeCommand.ADMIN_TOKEN_ENVIRONMENT, adminToken);
        builder.environment().put(WebhookConfig.ALLOW_PRIVATE_TARGETS_ENV, "true");
        return builder.start();
    }

    /** config/degradation.yaml: passed, so the server has no notice to print about a missing policy. */
    private static Path shippedPolicy() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path policy = dir.resolve("config").resolve("degradation.yaml");
            if (Files.isRegularFile(policy)) {
                return policy;
            }
        }
        throw new IllegalStateException("no config/degradation.yaml above " + Path.of("").toAbsolutePath());
    }

    /** A made-up secret of the given prefix, unique to this run, that must not be logged. */
    private String secretLike(String prefix) {
        String secret = prefix + ApiKeys.generate().substring(ApiKeys.PREFIX.length());
        secrets.add(secret);
        return secret;
    }

    /** The first {@code "name":"value"} of a JSON answer (top-level fields come first in ours). */
    private static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertThat(value.find()).as(name + " in " + json).isTrue();
        return value.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
