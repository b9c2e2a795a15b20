package dev.settle.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A scripted HTTP server on loopback: answers requests in order with the answers queued by the
 * test, and records every request it gets. With no answer left it answers 500.
 */
final class StubServer implements AutoCloseable {
    /** A request as the server saw it. */
    record Recorded(String method, String pathAndQuery, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private sealed interface Scripted {}

    private record Reply(int status, Map<String, String> headers, String body) implements Scripted {}

    private record Drop() implements Scripted {}

    private record Stall() implements Scripted {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static StubServer start() {
        try {
            return new StubServer();
        } catch (IOException e) {
            throw new IllegalStateException("the stub server could not start", e);
        }
    }

    StubServer reply(int status, String body) {
        return reply(status, body, Map.of());
    }

    StubServer reply(int status, String body, Map<String, String> headers) {
        script.add(new Reply(status, headers, body));
        return this;
    }

    /** Closes the connection without answering, as a crashed server or a broken network would. */
    StubServer dropConnection() {
        script.add(new Drop());
        return this;
    }

    /** Never answers (until the server closes), to run into the client's deadline. */
    StubServer stall() {
        script.add(new Stall());
        return this;
    }

    URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    /**
     * Loopback URIs where nothing listens, so connecting is refused: ports the system handed out
     * and that were closed again (all open at once, so that they differ).
     */
    static List<URI> unreachableUris(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(socket -> URI.create("http://127.0.0.1:" + socket.getLocalPort())).toList();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new IllegalStateException("a loopback port could not be closed", e);
                }
            }
        }
    }

    /** A client of these nodes, in this order, that records its waits instead of sleeping. */
    static SettleClient.Builder client(List<URI> nodes, RecordingSleeper sleeper) {
        // A random source of 0: the client's rotation starts on the first node, and every
        // jittered delay is 0.
        return SettleClient.builder().baseUris(nodes).apiKey("sk_test").sleeper(sleeper).random(() -> 0L);
    }

    /** A client of this server that records its waits in {@code sleeper} instead of sleeping. */
    SettleClient.Builder client(RecordingSleeper sleeper) {
        return SettleClient.builder().baseUri(uri()).apiKey("sk_test").sleeper(sleeper).random(() -> 0L);
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    Recorded onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests.size() + ": " + requests);
        }
        return requests.getFirst();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders(), body));
        Scripted next = script.poll();
        switch (next) {
            case null -> send(exchange, new Reply(500, Map.of(), "{\"error\": {\"message\": \"no scripted answer\"}}"));
            case Reply reply -> send(exchange, reply);
            case Drop drop -> exchange.close();
            case Stall stall -> awaitClosing(exchange);
        }
    }

    private void awaitClosing(HttpExchange exchange) {
        try {
            closing.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_stub");
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
