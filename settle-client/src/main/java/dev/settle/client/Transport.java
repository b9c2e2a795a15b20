package dev.settle.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends requests and brings back their answers: headers, idempotency keys, a deadline per
 * attempt, retries on the cluster's nodes, and refusals turned into {@link SettleException}s.
 *
 * <p>A call's headers and body are fixed once, before its first attempt, and every retry resends
 * them, same {@code Idempotency-Key} and same body bytes included, to whichever node it goes to:
 * every node shares the stored answers, so the cluster applies the call at most once.
 */
final class Transport implements AutoCloseable {
    /** Four times the largest answer the API gives (a batch result of 8,190 items is under 1 MiB). */
    static final int ANSWER_BODY_BYTES_MAX = 4 * 1024 * 1024;
    static final String CODE_INVALID_ANSWER = "invalid_answer";
    private static final String USER_AGENT = "settle-java";
    private static final String JSON = "application/json";

    static {
        if (ClientConfig.BASE_URIS_MAX > Integer.SIZE) {
            throw new AssertionError("the nodes a call tried are counted in the bits of an int");
        }
    }

    /** One call, fixed before its first attempt: builds the request of any attempt for a node. */
    @FunctionalInterface
    private interface Call {
        HttpRequest toNode(URI nodeUri);
    }

    private final ClientConfig config;
    private final RetryPolicy retryPolicy;
    private final Nodes nodes;
    private final Sleeper sleeper;
    private final HttpClient http;

    Transport(ClientConfig config, RetryPolicy retryPolicy, Nodes nodes, Sleeper sleeper) {
        this.config = config;
        this.retryPolicy = retryPolicy;
        this.nodes = nodes;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .build();
    }

    <T> T get(String path, Function<JsonNode, T> reader) {
        return call(node -> newRequest(node, path).GET().build(), reader);
    }

    /** Sends the body with the caller's idempotency key, or with one made now for this call. */
    <T> T post(String path, JsonNode body, RequestOptions options, Function<JsonNode, T> reader) {
        String idempotencyKey =
                options.idempotencyKey() != null ? options.idempotencyKey() : UUID.randomUUID().toString();
        byte[] bytes = Json.write(body);
        return call(node -> newRequest(node, path)
                .header("Content-Type", JSON)
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(), reader);
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpRequest.Builder newRequest(URI nodeUri, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nodeUri + path))
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Accept", JSON)
                .header("User-Agent", USER_AGENT);
        if (config.settleVersion() != null) {
            request.header("Settle-Version", config.settleVersion());
        }
        return request;
    }

    private <T> T call(Call call, Function<JsonNode, T> reader) {
        Answer answer = sendWithRetries(call);
        if (!answer.isSuccess()) {
            throw SettleException.of(answer.error());
        }
        try {
            return reader.apply(answer.json());
        } catch (MalformedAnswerException e) {
            String message = "the answer could not be read: " + e.getMessage();
            throw invalidAnswer(answer.status(), message, answer.requestId(), e);
        }
    }

    /**
     * At most 1 + maxRetries attempts; the last answer, or a ConnectionException when none came.
     * The first attempt goes to the node the rotation gives; a retry after no answer or a 503 goes
     * to the next node, after a 429 or 409 to the same one (see {@link RetryPolicy}).
     */
    private Answer sendWithRetries(Call call) {
        int node = nodes.first();
        int nodesTriedBits = 0;
        for (int retry = 0; ; retry++) {
            boolean lastAttempt = retry == retryPolicy.maxRetries();
            nodesTriedBits |= 1 << node;
            HttpRequest request = call.toNode(nodes.uri(node));
            Answer answer;
            try {
                answer = sendOnce(request);
            } catch (IOException e) {
                if (RetryPolicy.suspectsNode(e)) {
                    nodes.suspect(node);
                }
                if (lastAttempt) {
                    throw noAnswer(request, retry + 1, Integer.bitCount(nodesTriedBits), e);
                }
                pause(retryPolicy.backoffDelay(retry), request);
                node = nodes.after(node);
                continue;
            }
            if (RetryPolicy.suspectsNode(answer)) {
                nodes.suspect(node);
            }
            if (lastAttempt || !retryPolicy.isRetryable(answer)) {
                return answer;
            }
            pause(retryPolicy.delayAfter(answer, retry), request);
            if (RetryPolicy.movesToAnotherNode(answer)) {
                node = nodes.after(node);
            }
        }
    }

    /**
     * Names the call (at the last node tried), the attempts and how many nodes they reached; never
     * a header, so never the API key. Base URIs carry no user info (ClientConfig refuses it).
     */
    private ConnectionException noAnswer(HttpRequest last, int attempts, int nodesTried, IOException cause) {
        return new ConnectionException("no answer from " + last.method() + " " + last.uri() + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + " on " + nodesTried + " of " + nodes.count()
                + (nodes.count() == 1 ? " node" : " nodes") + ": " + cause, cause);
    }

    /** One attempt, bounded in time (the request timeout, body included) and in body size. */
    private Answer sendOnce(HttpRequest request) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, info -> new BoundedBodySubscriber(ANSWER_BODY_BYTES_MAX));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + config.requestTimeout());
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw interrupted(request, e);
        }
        byte[] body = response.body();
        if (body == null) {
            throw invalidAnswer(response.statusCode(), "the answer's body is longer than " + ANSWER_BODY_BYTES_MAX
                    + " bytes", response.headers().firstValue(Answer.HEADER_REQUEST_ID).orElse(null), null);
        }
        return new Answer(response.statusCode(), response.headers(), Json.parseOrMissing(body));
    }

    private void pause(Duration delay, HttpRequest request) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            throw interrupted(request, e);
        }
    }

    private static IOException asIoException(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        return new IOException(failure);
    }

    private static ConnectionException interrupted(HttpRequest request, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ConnectionException("interrupted during " + request.method() + " " + request.uri(), e);
    }

    private static ApiException invalidAnswer(int status, String message, String requestId, Throwable cause) {
        return new ApiException(new ErrorObject(
                status, ErrorObject.TYPE_API, CODE_INVALID_ANSWER, message, null, requestId), cause);
    }
}
