package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness before recovery, and a graceful stop under load. */
class ServerLifecycleTest {
    @TempDir
    Path data;

    @Test
    void beforeTheApiIsServedOnlyLivenessAnswers() throws Exception {
        try (ApiServer server = ApiServer.start("127.0.0.1", 0, dev.settle.api.guard.ConnectionLimits.defaults(),
                java.util.List.of(), null)) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(status(http, server.port(), "/health/live")).isEqualTo(200);
            assertThat(status(http, server.port(), "/health/ready")).isEqualTo(503);
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/v1/accounts")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(api.headers().firstValue("Retry-After")).isPresent();
            assertThat(api.body()).contains("\"code\":\"starting\"");
        }
    }

    @Test
    void aStopUnderLoadAnswersOrRefusesEveryRequestAndKeepsWhatItAnswered() throws Exception {
        TestServer server = TestServer.start(data);
        String key = server.defaultKey;
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        Map<String, Integer> answered = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch loaded = new CountDownLatch(200);
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            for (int c = 0; c < 16; c++) {
                clients.submit(() -> {
                    while (!stop.get()) {
                        try {
                            TestServer.Answer answer = server.post("/v1/transfers", key, TestServer.transfer(a, b, 1));
                            answered.put((String) (answer.status() == 201 ? answer.field("id") : "status-"
                                    + answer.status() + "-" + answered.size()), answer.status());
                            loaded.countDown();
                        } catch (RuntimeException refusedOrCut) {
                            return; // the server stopped accepting: no answer, so no promise
                        }
                    }
                });
            }
            loaded.await();
            server.close();
            stop.set(true);
        }
        assertThat(answered.values()).as("statuses of answered requests").allMatch(s -> s == 201 || s == 503);
        TestServer again = TestServer.start(data);
        try {
            List<String> created = answered.entrySet().stream().filter(e -> e.getValue() == 201).map(Map.Entry::getKey)
                    .toList();
            for (String id : created) {
                assertThat(again.get("/v1/transfers/" + id, key).status()).as("answered transfer %s", id).isEqualTo(200);
            }
            assertThat(again.get("/v1/accounts/" + b, key).field("credits_posted")).isEqualTo((long) created.size());
        } finally {
            again.close();
        }
    }

    private static int status(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
