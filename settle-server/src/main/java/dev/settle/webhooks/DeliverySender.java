package dev.settle.webhooks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sends one signed delivery: a POST with the Standard Webhooks headers, bounded in time and in what
 * it reads back, to an address that passed the {@link TargetPolicy}.
 *
 * <p>The client (Jetty's) resolves host names only through {@link CheckedSocketAddressResolver}:
 * the name is resolved once per connection, every address is checked, and the connection goes to a
 * checked address while the request keeps the name for its {@code Host} header, TLS SNI and the
 * certificate's host name check. The JDK's client cannot be told which address to connect to, and a
 * second resolution is what DNS rebinding exploits.
 *
 * <p>Blocking; callers run it on virtual threads. A whole attempt, resolving and reading the response
 * prefix included, ends within connect timeout + read timeout, so a receiver that accepts and then
 * stalls holds a delivery slot for a known time only. Redirects are never followed: the target was
 * checked, the redirect's target was not. No cookies are kept (tenants sharing a receiver host would
 * otherwise share them) and no compressed answer is asked for. Network failures never throw; they
 * come back as a {@link DeliveryOutcome} with an error.
 */
public final class DeliverySender implements AutoCloseable {
    public static final String USER_AGENT = "Settle-Webhooks/1";
    public static final String CONTENT_TYPE = "application/json";
    /** W3C Trace Context: the delivery's place in the trace of the request that caused its event. */
    public static final String HEADER_TRACEPARENT = "traceparent";
    /** Timeouts above this are configuration mistakes; the bound also keeps their sum from overflowing. */
    public static final Duration TIMEOUT_MAX = Duration.ofMinutes(5);
    /**
     * Connections to one receiver (scheme, host and port) at most. Endpoints of several tenants may
     * share a receiver host; each endpoint has at most {@link
     * WebhookConfig#CONCURRENT_DELIVERIES_PER_ENDPOINT_MAX} deliveries in flight, so this lets 16
     * such endpoints deliver at full speed without waiting for one another's connections.
     */
    static final int CONNECTIONS_PER_RECEIVER_MAX = 16 * WebhookConfig.CONCURRENT_DELIVERIES_PER_ENDPOINT_MAX;
    /** Threads for the client's selector, callbacks and blocking DNS lookups. */
    static final int CLIENT_THREADS_MAX = 64;
    private static final String CLIENT_NAME = "webhook-client";

    private static final long NANOS_PER_MILLI = 1_000_000;

    private final HttpClient client;
    private final Duration readTimeout;
    private final long attemptNanosMax;

    /**
     * A sender that accepts every address, special-purpose ones included (tests and trusted
     * receivers), but still connects only to the addresses its one resolution found.
     */
    public DeliverySender(Duration connectTimeout, Duration readTimeout) {
        this(connectTimeout, readTimeout, new TargetPolicy(true));
    }

    /**
     * A sender that resolves and checks the target's addresses with {@code policy} for every
     * connection it opens, and connects only to the addresses that passed.
     */
    public DeliverySender(Duration connectTimeout, Duration readTimeout, TargetPolicy policy) {
        this(connectTimeout, readTimeout, policy, new SslContextFactory.Client());
    }

    /** The same with the given TLS settings (tests trust their own certificate with it). */
    DeliverySender(Duration connectTimeout, Duration readTimeout, TargetPolicy policy, SslContextFactory.Client tls) {
        requireTimeout("connectTimeout", connectTimeout);
        requireTimeout("readTimeout", readTimeout);
        if (policy == null || tls == null) {
            throw new IllegalArgumentException("policy and tls are required");
        }
        this.readTimeout = readTimeout;
        this.attemptNanosMax = connectTimeout.toNanos() + readTimeout.toNanos();
        this.client = startClient(connectTimeout, policy, tls);
    }

    private static HttpClient startClient(Duration connectTimeout, TargetPolicy policy, SslContextFactory.Client tls) {
        QueuedThreadPool threads = new QueuedThreadPool(CLIENT_THREADS_MAX);
        threads.setName(CLIENT_NAME);
        threads.setDaemon(true);
        // The certificate must name the URL's host: the connection goes to an address, the check to the name.
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setTrustAll(false);
        HttpClient client = new HttpClient();
        client.setName(CLIENT_NAME);
        client.setExecutor(threads);
        client.setSslContextFactory(tls);
        client.setSocketAddressResolver(new CheckedSocketAddressResolver(policy, threads));
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
        client.setMaxConnectionsPerDestination(CONNECTIONS_PER_RECEIVER_MAX);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("the webhook HTTP client did not start", e);
        }
        // Nothing should ever answer a delivery's response for us: no redirect, no authentication.
        client.getContentDecoderFactories().clear();
        client.getProtocolHandlers().remove(org.eclipse.jetty.client.RedirectProtocolHandler.NAME);
        client.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler.NAME);
        return client;
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
        Request request = client.newRequest(target)
                .method(HttpMethod.POST)
                .followRedirects(false)
                .timeout(attemptNanosMax, TimeUnit.NANOSECONDS)
                .idleTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> {
                    headers.put(WebhookSignature.HEADER_ID, msgId);
                    headers.put(WebhookSignature.HEADER_TIMESTAMP, Long.toString(timestampSeconds));
                    headers.put(WebhookSignature.HEADER_SIGNATURE, signatureHeader);
                    if (traceparent != null) {
                        headers.put(HEADER_TRACEPARENT, traceparent);
                    }
                })
                .body(new BytesRequestContent(CONTENT_TYPE, body));
        ResponsePrefixListener listener = new ResponsePrefixListener();
        request.send(listener);
        try {
            Result result = listener.completed().get(startNanos + attemptNanosMax - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
            return outcome(listener, result.getFailure(), startNanos);
        } catch (TimeoutException deadlinePassed) {
            request.abort(deadlinePassed);
            return outcome(listener, deadlinePassed, startNanos);
        } catch (ExecutionException impossible) {
            // The future is only ever completed normally, with the exchange's result.
            return DeliveryOutcome.failure(millisSince(startNanos), NetworkFailures.describe(impossible.getCause()));
        } catch (InterruptedException interrupted) {
            request.abort(interrupted);
            Thread.currentThread().interrupt();
            return DeliveryOutcome.failure(millisSince(startNanos), DeliveryOutcome.INTERRUPTED);
        }
    }

    /**
     * A response when its head arrived, whatever happened to its body afterwards (the status is what
     * decides); otherwise the refusal or the network failure. A refused target never gets this far
     * with a head, so it never has a response prefix.
     */
    private static DeliveryOutcome outcome(ResponsePrefixListener listener, Throwable failure, long startNanos) {
        byte[] prefix = listener.prefix();
        if (listener.headArrived()) {
            String retryAfter = listener.retryAfter();
            if (retryAfter != null && retryAfter.length() > RetrySchedule.RETRY_AFTER_CHARS_MAX) {
                retryAfter = null;
            }
            // new String(bytes, UTF_8) replaces malformed input, including a character cut at the prefix's end.
            return DeliveryOutcome.response(listener.statusCode(), millisSince(startNanos),
                    new String(prefix, StandardCharsets.UTF_8), retryAfter);
        }
        TargetRefusedException refusal = NetworkFailures.refusal(failure);
        if (refusal != null) {
            return DeliveryOutcome.refused(millisSince(startNanos), refusal);
        }
        return DeliveryOutcome.failure(millisSince(startNanos), NetworkFailures.describe(failure));
    }

    /** Closes the client's connections at once; attempts in flight end with an error. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the webhook HTTP client did not stop cleanly", e);
        }
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
