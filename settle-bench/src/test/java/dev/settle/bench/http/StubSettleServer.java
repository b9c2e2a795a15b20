package dev.settle.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Settle's HTTP API, just enough for the bench: it checks every request the way
 * the real server would refuse it (key, content type, body shape, known and distinct accounts,
 * fresh transfer ids) and answers 400 when one is wrong, so a test can assert there were none.
 * Every {@code failEvery}-th transfer (0: none) is refused with a ledger error, every
 * {@code closeEvery}-th answer (0: none) says {@code Connection: close}, every {@code rateLimitEvery}-th
 * single transfer (0: none) is refused 429 as a tenant's rate limit would, and every other answer
 * with a body of unknown length goes out chunked. Transfer ids may be UUIDs of version 4 or 7; the
 * versions seen are kept.
 */
final class StubSettleServer implements AutoCloseable {
    static final String API_KEY = "sk_test_stub";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    /** Where a UUID's text holds its version digit. */
    private static final int UUID_VERSION_INDEX = 14;
    private static final Pattern TRANSFER = Pattern.compile("\\{\"id\":\"(" + UUID_PATTERN
            + ")\",\"debit_account_id\":\"([0-9a-f-]{36})\",\"credit_account_id\":\"([0-9a-f-]{36})\",\"amount\":1}");
    private static final String BATCH_START = "{\"transfers\":[";
    private static final String BATCH_END = "]}";
    private static final String LEDGER_ERROR = "{\"error\":{\"type\":\"ledger_error\",\"code\":\"exceeds_credits\"}}";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final int failEvery;
    private final int closeEvery;
    private final int rateLimitEvery;
    private final AtomicLong singleRequests = new AtomicLong();
    private final Set<Character> idVersions = ConcurrentHashMap.newKeySet();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final Set<String> accountIds = ConcurrentHashMap.newKeySet();
    private final Set<String> transferIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong transfersSeen = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong invalidRequests = new AtomicLong();
    private volatile String firstInvalid;

    private StubSettleServer(int failEvery, int closeEvery, int rateLimitEvery) throws IOException {
        this.failEvery = failEvery;
        this.closeEvery = closeEvery;
        this.rateLimitEvery = rateLimitEvery;
        // Without TCP_NODELAY the stub's separate header and body writes meet the client's delayed ACK: 40 ms each.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/accounts", exchange -> handle(exchange, this::account));
        server.createContext("/v1/transfers", exchange -> handle(exchange, this::transfer));
        server.createContext("/v1/transfers/batch", exchange -> handle(exchange, this::batch));
        server.start();
    }

    /** @param failEvery refuse every n-th transfer with 422 (single) or an exceeds_credits item (batch); 0 never */
    static StubSettleServer start(int failEvery) throws IOException {
        return new StubSettleServer(failEvery, 0, 0);
    }

    /** @param closeEvery end every n-th answer's connection with {@code Connection: close}; 0 never */
    static StubSettleServer start(int failEvery, int closeEvery) throws IOException {
        return new StubSettleServer(failEvery, closeEvery, 0);
    }

    /** @param rateLimitEvery answer every n-th single transfer 429 {@code rate_limited}, creating nothing */
    static StubSettleServer rateLimiting(int rateLimitEvery) throws IOException {
        return new StubSettleServer(0, 0, rateLimitEvery);
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int accounts() {
        return accountIds.size();
    }

    long transfersSeen() {
        return transfersSeen.get();
    }

    /** The version digits of the transfer ids seen. */
    Set<Character> idVersions() {
        return Set.copyOf(idVersions);
    }

    /** The clients' ports seen: about one per connection (a port may be used again by a later one). */
    int clientPorts() {
        return clientPorts.size();
    }

    long invalidRequests() {
        return invalidRequests.get();
    }

    String firstInvalid() {
        return firstInvalid;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Answer(int status, String body) {}

    @FunctionalInterface
    private interface Handler {
        Answer answer(String body);
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer answer;
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer = new Answer(401, "{\"error\":{\"type\":\"authentication_error\",\"code\":\"invalid_api_key\"}}");
            } else if (!"POST".equals(exchange.getRequestMethod())
                    || !"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                answer = invalid("method or content type: " + exchange.getRequestMethod());
            } else {
                answer = handler.answer(body);
            }
            send(exchange, answer);
        }
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        long answerNumber = answers.incrementAndGet();
        if (closeEvery > 0 && answerNumber % closeEvery == 0) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        boolean chunked = answerNumber % 2 == 0;
        // A length of 0 makes com.sun.net.httpserver answer with Transfer-Encoding: chunked.
        exchange.sendResponseHeaders(answer.status(), chunked ? 0 : bytes.length);
        OutputStream out = exchange.getResponseBody();
        if (chunked) {
            int half = bytes.length / 2;
            out.write(bytes, 0, half);
            out.flush();
            out.write(bytes, half, bytes.length - half);
        } else {
            out.write(bytes);
        }
    }

    private Answer account(String body) {
        if (!"{\"currency\":\"USD\"}".equals(body)) {
            return invalid("account body " + body);
        }
        String id = UUID.randomUUID().toString();
        accountIds.add(id);
        return new Answer(201, "{\"object\":\"account\",\"id\":\"" + id + "\",\"currency\":\"USD\",\"code\":0,"
                + "\"flags\":[],\"debits_pending\":0,\"debits_posted\":0,\"credits_pending\":0,\"credits_posted\":0,"
                + "\"metadata\":{},\"timestamp\":\"1\",\"created\":\"2026-11-23T10:15:30.1Z\"}");
    }

    private Answer transfer(String body) {
        if (rateLimitEvery > 0 && singleRequests.incrementAndGet() % rateLimitEvery == 0) {
            return new Answer(429, "{\"error\":{\"type\":\"rate_limit_error\",\"code\":\"rate_limited\"}}");
        }
        Matcher transfer = TRANSFER.matcher(body);
        if (!transfer.matches()) {
            return invalid("transfer body " + body);
        }
        String problem = problemOf(transfer);
        if (problem != null) {
            return invalid(problem);
        }
        if (failsNext()) {
            return new Answer(422, LEDGER_ERROR);
        }
        return new Answer(201, "{\"object\":\"transfer\",\"id\":\"" + transfer.group(1) + "\",\"amount\":1,"
                + "\"status\":\"posted\"}");
    }

    private Answer batch(String body) {
        if (!body.startsWith(BATCH_START) || !body.endsWith(BATCH_END)) {
            return invalid("batch body " + body);
        }
        List<String> items = List.of(body.substring(BATCH_START.length(), body.length() - BATCH_END.length())
                .split("(?<=}),(?=\\{)"));
        StringBuilder results = new StringBuilder("{\"object\":\"batch_result\",\"results\":[");
        for (int i = 0; i < items.size(); i++) {
            Matcher transfer = TRANSFER.matcher(items.get(i));
            if (!transfer.matches()) {
                return invalid("batch item " + items.get(i));
            }
            String problem = problemOf(transfer);
            if (problem != null) {
                return invalid(problem);
            }
            String result = failsNext() ? "exceeds_credits" : "ok";
            results.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"id\":\"")
                    .append(transfer.group(1)).append("\",\"result\":\"").append(result).append("\"}");
        }
        return new Answer(200, results.append("]}").toString());
    }

    /** What the real server would refuse in a well-formed transfer, or null. */
    private String problemOf(Matcher transfer) {
        String debit = transfer.group(2);
        String credit = transfer.group(3);
        if (!accountIds.contains(debit) || !accountIds.contains(credit)) {
            return "unknown account in " + transfer.group();
        }
        if (debit.equals(credit)) {
            return "same account on both sides: " + transfer.group();
        }
        idVersions.add(transfer.group(1).charAt(UUID_VERSION_INDEX));
        if (!transferIds.add(transfer.group(1))) {
            return "transfer id used twice: " + transfer.group(1);
        }
        return null;
    }

    private boolean failsNext() {
        long seen = transfersSeen.incrementAndGet();
        return failEvery > 0 && seen % failEvery == 0;
    }

    private Answer invalid(String why) {
        invalidRequests.incrementAndGet();
        if (firstInvalid == null) {
            firstInvalid = why;
        }
        return new Answer(400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"" + why.replace("\"", "'")
                + "\"}}");
    }
}
