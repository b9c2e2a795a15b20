package dev.settle.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for a Settle server that enforces traffic limits, for the open-loop bench: it creates
 * accounts for any key (after asking the rate-limited tenant once to come back, as a server
 * limiting account creation would), and answers transfers by key: 201 for {@link #GOOD_KEY},
 * 429 with {@code Retry-After: 1} for {@link #FLOODED_KEY}, and 201 after
 * {@link #SLOW_ANSWER_MILLIS} for {@link #SLOW_KEY}. Anything else is 401.
 */
final class TrafficStubServer implements AutoCloseable {
    static final String GOOD_KEY = "sk_test_good";
    static final String FLOODED_KEY = "sk_test_flooded";
    static final String SLOW_KEY = "sk_test_slow";
    static final long SLOW_ANSWER_MILLIS = 200;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, AtomicLong> transfersByKey = new ConcurrentHashMap<>();
    private final AtomicLong accountAnswers429 = new AtomicLong();
    private final AtomicBoolean floodedAccountRefused = new AtomicBoolean();

    private TrafficStubServer() throws IOException {
        // Without TCP_NODELAY the stub's separate header and body writes meet the client's delayed ACK: 40 ms each.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/accounts", this::account);
        server.createContext("/v1/transfers", this::transfer);
        server.start();
    }

    static TrafficStubServer start() throws IOException {
        return new TrafficStubServer();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Transfer requests that reached the server with {@code key}, warm-up and all. */
    long transfersSeen(String key) {
        AtomicLong seen = transfersByKey.get(key);
        return seen == null ? 0 : seen.get();
    }

    long accountAnswers429() {
        return accountAnswers429.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void account(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String key = keyOf(exchange);
            if (FLOODED_KEY.equals(key) && floodedAccountRefused.compareAndSet(false, true)) {
                accountAnswers429.incrementAndGet();
                exchange.getResponseHeaders().set("Retry-After", "0");
                send(exchange, 429, "{\"error\":{\"type\":\"rate_limit_error\"}}");
            } else if (isKnown(key)) {
                send(exchange, 201, "{\"object\":\"account\",\"id\":\"" + UUID.randomUUID() + "\",\"currency\":\"USD\"}");
            } else {
                send(exchange, 401, "{\"error\":{\"type\":\"authentication_error\"}}");
            }
        }
    }

    private void transfer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String key = keyOf(exchange);
            transfersByKey.computeIfAbsent(String.valueOf(key), k -> new AtomicLong()).incrementAndGet();
            if (GOOD_KEY.equals(key)) {
                send(exchange, 201, "{\"object\":\"transfer\",\"id\":\"" + UUID.randomUUID() + "\"}");
            } else if (FLOODED_KEY.equals(key)) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                send(exchange, 429, "{\"error\":{\"type\":\"rate_limit_error\",\"code\":\"rate_limited\"}}");
            } else if (SLOW_KEY.equals(key)) {
                sleep(SLOW_ANSWER_MILLIS);
                send(exchange, 201, "{\"object\":\"transfer\",\"id\":\"" + UUID.randomUUID() + "\"}");
            } else {
                send(exchange, 401, "{\"error\":{\"type\":\"authentication_error\"}}");
            }
        }
    }

    private static boolean isKnown(String key) {
        return GOOD_KEY.equals(key) || FLOODED_KEY.equals(key) || SLOW_KEY.equals(key);
    }

    private static String keyOf(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("the stub is stopping", e);
        }
    }
}
