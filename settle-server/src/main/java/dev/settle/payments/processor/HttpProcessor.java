package dev.settle.payments.processor;

import dev.settle.api.error.ApiException;
import dev.settle.api.json.JsonReader;
import dev.settle.api.json.JsonWriter;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The card processor over HTTP (the contract of {@code settle processor-sim}): each call with its
 * idempotency key, a timeout per attempt, retries with exponential backoff while the outcome is
 * open or nothing was done (the same key, so never twice), and a circuit breaker around the whole
 * call that fails new payments fast while the processor is down.
 */
public final class HttpProcessor implements Processor {
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String JSON = "application/json";
    private static final int SERVICE_UNAVAILABLE = 503;
    private static final int CONFLICT = 409;
    /** Connections to the processor at once: enough for every payment in flight on a busy node. */
    static final int CONNECTIONS_MAX = 512;
    /** Calls waiting for a connection beyond those. */
    static final int QUEUED_CALLS_MAX = 8192;
    private static final int CLIENT_THREADS_MAX = 32;

    private final ProcessorConfig config;
    private final HttpClient http;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final ProcessorStats stats = new ProcessorStats();

    public HttpProcessor(ProcessorConfig config) {
        this.config = config;
        this.http = startClient(config);
        this.retry = Retry.of("processor", RetryConfig.<ProcessorAnswer>custom()
                .maxAttempts(config.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(config.backoff().toMillis(), 2))
                .retryOnResult(HttpProcessor::open)
                .failAfterMaxAttempts(false)
                .build());
        this.breaker = CircuitBreaker.of("processor", CircuitBreakerConfig.custom()
                .failureRateThreshold(config.breakerFailureRatePercent())
                .slidingWindowSize(config.breakerWindowCalls())
                .minimumNumberOfCalls(Math.min(config.breakerWindowCalls(), 10))
                .waitDurationInOpenState(config.breakerOpenFor())
                .recordResult(answer -> answer instanceof ProcessorAnswer a && open(a))
                .build());
    }

    /** Jetty's client: far less CPU per call than the JDK's, and its connections pooled per processor. */
    private static HttpClient startClient(ProcessorConfig config) {
        QueuedThreadPool threads = new QueuedThreadPool(CLIENT_THREADS_MAX);
        threads.setName("processor-client");
        threads.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setName("processor-client");
        client.setExecutor(threads);
        client.setConnectTimeout(config.attemptTimeout().toMillis());
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(CONNECTIONS_MAX);
        client.setMaxRequestsQueuedPerDestination(QUEUED_CALLS_MAX);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("the processor's HTTP client did not start", e);
        }
        return client;
    }

    /** True for the answers that another attempt may change: nothing done, or nothing known. */
    private static boolean open(ProcessorAnswer answer) {
        return answer instanceof ProcessorAnswer.NotPerformed || answer instanceof ProcessorAnswer.Unknown;
    }

    @Override
    public ProcessorAnswer authorize(String key, long amount, String currency, String card, boolean capture,
            String reference, boolean authenticated) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount);
        body.put("currency", currency);
        body.put("card", card);
        body.put("capture", capture);
        body.put("reference", reference);
        body.put("authenticated", authenticated);
        return call(() -> post("/v1/authorizations", key, body));
    }

    @Override
    public ProcessorAnswer capture(String key, String charge, long amount) {
        return call(() -> post("/v1/charges/" + segment(charge) + "/capture", key, Map.of("amount", amount)));
    }

    @Override
    public ProcessorAnswer voidCharge(String key, String charge) {
        return call(() -> post("/v1/charges/" + segment(charge) + "/void", key, Map.of()));
    }

    @Override
    public ProcessorAnswer refund(String key, String charge, long amount) {
        return call(() -> post("/v1/charges/" + segment(charge) + "/refunds", key, Map.of("amount", amount)));
    }

    @Override
    public ProcessorAnswer settle(String key) {
        return call(() -> {
            Response r = send("/v1/operations/" + segment(key) + "/fence", null, Map.of());
            if (r == null || r == REFUSED_CONNECTION) {
                return new ProcessorAnswer.Unknown("no answer to the lookup");
            }
            if (r.status == 404 && Boolean.TRUE.equals(r.body.get("fenced"))) {
                return new ProcessorAnswer.NeverMade();
            }
            if (r.status != 200 || !(r.body.get("response") instanceof Map<?, ?> recorded)) {
                return answer(r);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> recordedBody = (Map<String, Object>) recorded;
            return answer(new Response(((BigInteger) r.body.get("status_code")).intValue(), recordedBody));
        });
    }

    @Override
    public boolean available() {
        return breaker.tryAcquirePermission() && release();
    }

    private boolean release() {
        breaker.releasePermission();
        return true;
    }

    /**
     * The call with its retries; {@link ProcessorAnswer.NotPerformed} only when no attempt may have
     * reached the processor (each was refused a connection, or answered 503), so the caller may
     * undo its step without asking the processor.
     */
    private ProcessorAnswer call(Supplier<ProcessorAnswer> attempt) {
        AtomicBoolean mayHaveReached = new AtomicBoolean();
        Supplier<ProcessorAnswer> tracked = () -> {
            ProcessorAnswer answer = attempt.get();
            if (answer instanceof ProcessorAnswer.Unknown) {
                mayHaveReached.set(true);
            }
            return answer;
        };
        long started = System.nanoTime();
        ProcessorAnswer last;
        try {
            last = breaker.executeSupplier(Retry.decorateSupplier(retry, tracked));
        } catch (CallNotPermittedException e) {
            last = new ProcessorAnswer.NotPerformed("the processor's circuit breaker is open");
        }
        ProcessorAnswer answer = last instanceof ProcessorAnswer.NotPerformed && mayHaveReached.get()
                ? new ProcessorAnswer.Unknown("an earlier attempt got no answer") : last;
        stats.record(answer, System.nanoTime() - started);
        return answer;
    }

    @Override
    public ProcessorStats stats() {
        return stats;
    }

    @Override
    public boolean breakerOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.HALF_OPEN;
    }

    private ProcessorAnswer post(String path, String key, Map<String, Object> body) {
        Response r = send(path, key, body);
        if (r == REFUSED_CONNECTION) {
            return new ProcessorAnswer.NotPerformed("the processor refused the connection");
        }
        return r == null ? new ProcessorAnswer.Unknown("no answer from the processor") : answer(r);
    }

    /** The answer, or null when none came (timeout, connection closed): the outcome is open. */
    private Response send(String path, String key, Map<String, Object> body) {
        Request request = http.newRequest(config.baseUri().resolve(path)).method(HttpMethod.POST)
                .timeout(config.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent(JSON, JsonWriter.write(body)));
        if (key != null) {
            request.headers(headers -> headers.put(IDEMPOTENCY_KEY, key));
        }
        try {
            ContentResponse response = request.send();
            Map<String, Object> parsed;
            try {
                parsed = JsonReader.parseObject(response.getContent());
            } catch (ApiException e) {
                parsed = Map.of();
            }
            return new Response(response.getStatus(), parsed);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectException) {
                return REFUSED_CONNECTION; // nothing was sent
            }
            return null;
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static ProcessorAnswer answer(Response r) {
        Map<String, Object> b = r.body;
        if (r.status == 200 && "charge".equals(b.get("object"))) {
            return new ProcessorAnswer.Charge((String) b.get("id"), (String) b.get("status"),
                    number(b.get("amount_captured")), number(b.get("fee")), (String) b.get("decline_code"));
        }
        if (r.status == 200 && "refund".equals(b.get("object"))) {
            return new ProcessorAnswer.RefundMade((String) b.get("id"), number(b.get("amount")));
        }
        String code = b.get("error") instanceof Map<?, ?> error ? String.valueOf(error.get("code")) : "unknown";
        String message = b.get("error") instanceof Map<?, ?> error ? String.valueOf(error.get("message")) : "";
        if (r.status == CONFLICT && "idempotency_key_fenced".equals(code)) {
            return new ProcessorAnswer.NeverMade();
        }
        if (r.status == SERVICE_UNAVAILABLE) {
            return new ProcessorAnswer.NotPerformed("the processor is unavailable (" + code + ")");
        }
        if (r.status >= 400 && r.status < 500) {
            return new ProcessorAnswer.Refused(r.status, code, message);
        }
        return new ProcessorAnswer.Unknown("the processor answered " + r.status);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((BigInteger) value).longValueExact();
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private record Response(int status, Map<String, Object> body) {}

    /** No connection could be made: the request was never sent. */
    private static final Response REFUSED_CONNECTION = new Response(0, Map.of());

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the processor's HTTP client did not stop cleanly", e);
        }
    }
}
