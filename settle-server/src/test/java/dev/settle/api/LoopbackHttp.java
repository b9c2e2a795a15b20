package dev.settle.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP/1.1 requests with a tenant's key to a server on loopback (or in a network namespace a
 * test made), as the crash tests send them.
 */
final class LoopbackHttp {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String LOOPBACK = "127.0.0.1";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();

    /** A JSON POST; {@code headers}: more headers as name, value, name, value… (a Content-Type replaces JSON's) */
    HttpResponse<String> post(int port, String key, String path, String body, String... headers)
            throws IOException, InterruptedException {
        return post(LOOPBACK, port, key, path, body, headers);
    }

    private HttpResponse<String> post(String host, int port, String key, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(host, port, key, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(int port, String key, String path) throws IOException, InterruptedException {
        return http.send(request(LOOPBACK, port, key, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A GET ({@code body} null) or JSON POST, with an Idempotency-Key when one is given; a
     * connection that fails or times out is an UncheckedIOException (the cluster tests move on to
     * another node then).
     */
    HttpResponse<String> call(int port, String key, String method, String path, String body, String idempotencyKey) {
        return call(LOOPBACK, port, key, method, path, body, idempotencyKey);
    }

    /** The same, to {@code host}. */
    HttpResponse<String> call(String host, int port, String key, String method, String path, String body,
            String idempotencyKey) {
        try {
            if (body == null) {
                return http.send(request(host, port, key, path).method(method, HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.ofString());
            }
            return idempotencyKey == null ? post(host, port, key, path, body)
                    : post(host, port, key, path, body, "Idempotency-Key", idempotencyKey);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder request(String host, int port, String key, String path) {
        return HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key);
    }
}
