package dev.settle.api;

import dev.settle.api.json.JsonReader;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** A real Settle server on a free port over a temporary directory, and an HTTP client for black-box tests. */
final class TestServer implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789-abcdefghijklmnop";
    static final long START_MILLIS = 1_795_000_000_000L;

    final Path data;
    final AtomicLong clockMillis;
    final SettleServer server;
    final String defaultKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** An answer: status, headers, body. */
    record Answer(int status, HttpHeaders headers, String body) {
        /** The body as a tree; integers that fit become Long, for plain assertions. */
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return (Map<String, Object>) longs(JsonReader.parse(body.getBytes(StandardCharsets.UTF_8)));
        }

        private static Object longs(Object node) {
            if (node instanceof java.math.BigInteger i && i.bitLength() < Long.SIZE) {
                return i.longValue();
            }
            if (node instanceof Map<?, ?> map) {
                Map<String, Object> copy = new java.util.LinkedHashMap<>();
                map.forEach((k, v) -> copy.put((String) k, longs(v)));
                return copy;
            }
            if (node instanceof List<?> list) {
                return list.stream().map(Answer::longs).collect(java.util.stream.Collectors.toList());
            }
            return node;
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** A top-level string field, or the error object's field for "error.x". */
        @SuppressWarnings("unchecked")
        Object field(String name) {
            if (name.startsWith("error.")) {
                return ((Map<String, Object>) json().get("error")).get(name.substring("error.".length()));
            }
            return json().get(name);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data() {
            return (List<Map<String, Object>>) json().get("data");
        }
    }

    private final UnaryOperator<ServerConfig.Builder> configure;

    private TestServer(Path data, AtomicLong clockMillis, SettleServer server, String defaultKey,
            UnaryOperator<ServerConfig.Builder> configure) {
        this.data = data;
        this.clockMillis = clockMillis;
        this.server = server;
        this.defaultKey = defaultKey;
        this.configure = configure;
    }

    static TestServer start(Path data) throws Exception {
        return start(data, UnaryOperator.identity());
    }

    /** A server whose configuration {@code configure} adjusts (pods, policy, traffic clock). */
    static TestServer start(Path data, UnaryOperator<ServerConfig.Builder> configure) throws Exception {
        return start(data, new AtomicLong(START_MILLIS), null, configure);
    }

    private static TestServer start(Path data, AtomicLong clock, String knownKey,
            UnaryOperator<ServerConfig.Builder> configure) throws Exception {
        ServerConfig config = configure.apply(ServerConfig.builder(data).adminToken(ADMIN_TOKEN)
                .clockMillis(clock::get)).build();
        SettleServer server = SettleServer.start(config, key -> { });
        return new TestServer(data, clock, server, server.defaultTenantKey() != null ? server.defaultTenantKey()
                : knownKey, configure);
    }

    /** Closes this server and starts a new one on the same directory, with the same configuration. */
    TestServer restart() throws Exception {
        return restart(configure);
    }

    /** Closes this server and starts a new one on the same directory with another configuration. */
    TestServer restart(UnaryOperator<ServerConfig.Builder> newConfigure) throws Exception {
        close();
        return start(data, clockMillis, defaultKey, newConfigure);
    }

    private static final int LARGE_BODY_BYTES = 64 * 1024;

    Answer post(String path, String key, String body, String... headers) {
        return call("POST", path, key, body, headers);
    }

    Answer get(String path, String key, String... headers) {
        return call("GET", path, key, null, headers);
    }

    Answer call(String method, String path, String key, String body, String... headers) {
        return send(method, path, key, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    Answer send(String method, String path, String key, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                // A large body waits for the server's 100 Continue, as a careful client's does: a
                // body refused on its headers (413) is then never sent, so the refusal cannot be
                // lost to a reset of a connection the server closes while the body still arrives.
                .expectContinue(body != null && body.length > LARGE_BODY_BYTES)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(response.statusCode(), response.headers(), response.body());
            checkContract(method, path, answer);
            return answer;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every answer of a documented route must match docs/openapi.yaml: its status, its body's
     * schema and its headers. (Unknown routes and 405s have no operation to check against; the
     * document describes the current version only.)
     */
    private static void checkContract(String method, String path, Answer answer) {
        if (!dev.settle.api.version.ApiVersions.CURRENT.equals(answer.header("Settle-Version"))) {
            return;
        }
        OpenApiContract contract = OpenApiContract.shared();
        String template;
        try {
            template = contract.pathTemplateOf(path);
        } catch (IllegalArgumentException unknownRoute) {
            return;
        }
        if (answer.status() == 405 || !contract.openApi().getPaths().get(template)
                .readOperationsMap().keySet().stream().anyMatch(m -> m.name().equals(method))) {
            return;
        }
        contract.assertMatches(method, path, answer.status(), answer.body());
        contract.assertHeadersMatch(method, path, answer.status(), answer.headers().map());
    }

    /** Creates a tenant through the admin API; returns its secret key. */
    String newTenant(String name) {
        Answer created = call("POST", "/v1/admin/tenants", ADMIN_TOKEN, "{\"name\":\"" + name + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("tenant creation failed: " + created.body());
        }
        return (String) created.field("api_key");
    }

    /** Creates an account; returns its id. */
    String account(String key, String currency, String... flags) {
        String flagList = flags.length == 0 ? "" : ",\"flags\":[\"" + String.join("\",\"", flags) + "\"]";
        Answer created = post("/v1/accounts", key, "{\"currency\":\"" + currency + "\"" + flagList + "}");
        if (created.status() != 201) {
            throw new IllegalStateException("account creation failed: " + created.body());
        }
        return (String) created.field("id");
    }

    static String transfer(String debit, String credit, long amount) {
        return "{\"debit_account_id\":\"" + debit + "\",\"credit_account_id\":\"" + credit + "\",\"amount\":" + amount
                + "}";
    }

    @Override
    public void close() {
        server.close();
    }
}
