package dev.settle.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one signed delivery: a POST with the Standard Webhooks headers, bounded in time and in what
 * it reads back.
 *
 * <p>Blocking; callers run it on virtual threads. A whole attempt, reading the response prefix
 * included, ends within connect timeout + read timeout, so a receiver that accepts and then stalls
 * holds a delivery slot for a known time only. Redirects are never followed: the target was checked
 * by {@link TargetPolicy}, the redirect's target was not. Network failures never throw; they come
 * back as a {@link DeliveryOutcome} with an error.
 */
public final class DeliverySender implements AutoCloseable {
    public static final String USER_AGENT = "Settle-Webhooks/1";
    public static final String CONTENT_TYPE = "application/json";
    /** W3C Trace Context: the delivery's place in the trace of the request that caused its event. */
    public static final String HEADER_TRACEPARENT = "traceparent";
    /** Timeouts above this are configuration mistakes; the bound also keeps their sum from overflowing. */
    public static final Duration TIMEOUT_MAX = Duration.ofMinutes(5);

    private static final long NANOS_PER_MILLI = 1_000_000;

    private final HttpClient client;
    private final Duration readTimeout;
    private final long attemptNanosMax;
    private final TargetPolicy policy;

    /**
     * A sender that checks nothing about the target's addresses: the caller runs {@link
     * TargetPolicy#checkAddresses} itself, or the targets are trusted (tests).
     */
    public DeliverySender(Duration connectTimeout, Duration readTimeout) {
        this(connectTimeout, readTimeout, null);
    }

    /**
     * A sender that resolves and checks the target's addresses with {@code policy} before every
     * attempt, since DNS answers change between attempts.
     */
    public DeliverySender(Duration connectTimeout, Duration readTimeout, TargetPolicy policy) {
        requireTimeout("connectTimeout", connectTimeout);
        requireTimeout("readTimeout", readTimeout);
        this.readTimeout = readTimeout;
        this.attemptNanosMax = connectTimeout.toNanos() + readTimeout.toNanos();
        this.policy = policy;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /**
     * POSTs {@code body} to {@code target} with the {@code webhook-id}, {@code webhook-timestamp} and
     * {@code webhook-signature} headers, and reports what happened. Throws only for arguments that
     * are bugs in the caller (a missing id, a non-http target).
     */
    public DeliveryOutcome send(URI target, String msgId, long timestampSeconds, byte[] body, String signatureHeader) {
        return send(target, msgId, timestampSeconds, body, signatureHeader, null);
    }

    /**
     * The same, with a W3C {@code traceparent} header unless {@code traceparent} is null, so that the
     * receiver can join the trace of the request that caused the event.
     */
    public DeliveryOutcome send(URI target, String msgId, long timestampSeconds, byte[] body, String signatureHeader,
            String traceparent) {
        requireArguments(target, msgId, timestampSeconds, body, signatureHeader);
        long startNanos = System.nanoTime();
        if (policy != null) {
            try {
                policy.checkAddresses(target);
            } catch (TargetRefusedException refusal) {
                return DeliveryOutcome.refused(millisSince(startNanos), refusal);
            }
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(readTimeout)
                .header("content-type", CONTENT_TYPE)
                .header("user-agent", USER_AGENT)
                .header(WebhookSignature.HEADER_ID, msgId)
                .header(WebhookSignature.HEADER_TIMESTAMP, Long.toString(timestampSeconds))
                .header(WebhookSignature.HEADER_SIGNATURE, signatureHeader)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (traceparent != null) {
            builder.header(HEADER_TRACEPARENT, traceparent);
        }
        HttpRequest request = builder.build();
        ResponsePrefixSubscriber subscriber = new ResponsePrefixSubscriber();
        CompletableFuture<HttpResponse<byte[]>> response = client.sendAsync(request, subscriber::start);
        try {
            HttpResponse<byte[]> received =
                    response.get(startNanos + attemptNanosMax - System.nanoTime(), TimeUnit.NANOSECONDS);
            return outcome(received.statusCode(), received.headers(), received.body(), startNanos);
        } catch (TimeoutException deadlinePassed) {
            return outcomeAtDeadline(response, subscriber, startNanos);
        } catch (ExecutionException failed) {
            return DeliveryOutcome.failure(millisSince(startNanos), NetworkFailures.describe(failed.getCause()));
        } catch (InterruptedException interrupted) {
            response.cancel(true);
            subscriber.abort();
            Thread.currentThread().interrupt();
            return DeliveryOutcome.failure(millisSince(startNanos), DeliveryOutcome.INTERRUPTED);
        }
    }

    /**
     * The deadline passed: either no response head arrived (a read timeout), or the head did and the
     * body stalled, in which case the status is known and the prefix is what arrived.
     */
    private static DeliveryOutcome outcomeAtDeadline(
            CompletableFuture<HttpResponse<byte[]>> response, ResponsePrefixSubscriber subscriber, long startNanos) {
        byte[] prefix = subscriber.abort();
        response.cancel(true);
        HttpResponse.ResponseInfo info = subscriber.responseInfo();
        if (info == null) {
            return DeliveryOutcome.failure(millisSince(startNanos), DeliveryOutcome.READ_TIMED_OUT);
        }
        return outcome(info.statusCode(), info.headers(), prefix, startNanos);
    }

    private static DeliveryOutcome outcome(int statusCode, HttpHeaders headers, byte[] prefix, long startNanos) {
        String retryAfter = headers.firstValue("retry-after")
                .filter(value -> value.length() <= RetrySchedule.RETRY_AFTER_CHARS_MAX)
                .orElse(null);
        // new String(bytes, UTF_8) replaces malformed input, including a character cut at the prefix's end.
        return DeliveryOutcome.response(
                statusCode, millisSince(startNanos), new String(prefix, StandardCharsets.UTF_8), retryAfter);
    }

    /** Closes the client's connections at once; attempts in flight end with an error. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    private static long millisSince(long startNanos) {
        return Math.max(0, (System.nanoTime() - startNanos) / NANOS_PER_MILLI);
    }

    private static void requireTimeout(String name, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(TIMEOUT_MAX) > 0) {
            throw new IllegalArgumentException(name + " must be in (0, " + TIMEOUT_MAX + "], got " + timeout);
        }
    }

    private static void requireArguments(
            URI target, String msgId, long timestampSeconds, byte[] body, String signatureHeader) {
        if (target == null || !target.isAbsolute()
                || !("http".equalsIgnoreCase(target.getScheme()) || "https".equalsIgnoreCase(target.getScheme()))) {
            throw new IllegalArgumentException("target must be an absolute http or https URI");
        }
        if (msgId == null || msgId.isEmpty()) {
            throw new IllegalArgumentException("msgId is missing");
        }
        if (timestampSeconds < 0) {
            throw new IllegalArgumentException("timestampSeconds must not be negative, got " + timestampSeconds);
        }
        if (body == null) {
            throw new IllegalArgumentException("body is missing");
        }
        if (signatureHeader == null || signatureHeader.isEmpty()) {
            throw new IllegalArgumentException("signatureHeader is missing");
        }
    }
}
