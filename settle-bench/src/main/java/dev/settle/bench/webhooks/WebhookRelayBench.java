package dev.settle.bench.webhooks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Measures Settle's webhook relay during an HTTP bench: {@link #start} starts a
 * {@link WebhookReceiver} and subscribes it to every event of the bench's tenant, before any
 * event exists; the caller marks the load's start and end; {@link #finish} then counts the
 * tenant's events and waits until the receiver has seen each of them.
 *
 * <p>Use: {@code start}, {@link #loadStarted}, the load, {@link #loadEnded}, {@link #finish},
 * {@link #close}.
 */
public final class WebhookRelayBench implements AutoCloseable {
    /** How long {@link #finish} waits for the relay to catch up by default. */
    public static final Duration DRAIN_TIMEOUT_DEFAULT = Duration.ofMinutes(10);
    private static final double NANOS_PER_SECOND = 1e9;

    private final WebhookReceiver receiver;
    private final TenantEventsClient tenant;
    private final LongSupplier clockNanos;
    private final String endpointId;
    private boolean loadStarted;
    private long loadStartedNanos;
    private long loadEndedNanos;
    private long distinctEventsAtLoadEnd = -1;

    private WebhookRelayBench(WebhookReceiver receiver, TenantEventsClient tenant, LongSupplier clockNanos,
            String endpointId) {
        this.receiver = receiver;
        this.tenant = tenant;
        this.clockNanos = clockNanos;
        this.endpointId = endpointId;
    }

    /**
     * Starts the receiver and subscribes it to all of the tenant's events at {@code serverUri}.
     * The server must allow private (loopback) targets.
     *
     * @throws IllegalStateException when the tenant has events already (the receiver would miss
     *     them, so their count would be wrong) or the server refuses the endpoint
     */
    public static WebhookRelayBench start(URI serverUri, String apiKey) throws IOException, InterruptedException {
        LongSupplier clockNanos = System::nanoTime;
        WebhookReceiver receiver = WebhookReceiver.start(clockNanos);
        TenantEventsClient tenant = new TenantEventsClient(serverUri, apiKey);
        try {
            long existing = tenant.newestEventSequence();
            if (existing != 0) {
                throw new IllegalStateException("the tenant has " + existing + " events already; the relay bench"
                        + " needs a fresh one, so that every event reaches its receiver");
            }
            String endpointId = tenant.createEndpointForAllEvents(receiver.uri());
            return new WebhookRelayBench(receiver, tenant, clockNanos, endpointId);
        } catch (IOException | InterruptedException | RuntimeException e) {
            tenant.close();
            receiver.close();
            throw e;
        }
    }

    /** The receiver's address, where the endpoint points. */
    public URI receiverUri() {
        return receiver.uri();
    }

    /** The endpoint created for the receiver. */
    public String endpointId() {
        return endpointId;
    }

    public void loadStarted() {
        loadStarted = true;
        loadStartedNanos = clockNanos.getAsLong();
    }

    public void loadEnded() {
        if (!loadStarted) {
            throw new IllegalStateException("loadEnded() before loadStarted()");
        }
        loadEndedNanos = clockNanos.getAsLong();
        distinctEventsAtLoadEnd = receiver.distinctEvents();
    }

    /**
     * Counts the tenant's events and waits at most {@code timeout} for the receiver to have seen
     * all of them; a timeout is reported in the result, not thrown.
     */
    public WebhookRelayResult finish(Duration timeout) throws IOException, InterruptedException {
        if (distinctEventsAtLoadEnd < 0) {
            throw new IllegalStateException("finish() before loadEnded()");
        }
        long events = tenant.newestEventSequence();
        receiver.awaitDistinct(events, timeout);
        long drainedNanos = clockNanos.getAsLong();
        // Distinct first: both only grow, and deliveries are never fewer than distinct events.
        long distinct = receiver.distinctEvents();
        long deliveries = receiver.deliveries();
        long deliveryNanos = receiver.lastDeliveryNanos().orElse(0) - receiver.firstDeliveryNanos().orElse(0);
        return new WebhookRelayResult(events, deliveries, distinct, distinctEventsAtLoadEnd, receiver.rejected(),
                seconds(loadEndedNanos - loadStartedNanos), seconds(drainedNanos - loadEndedNanos),
                seconds(deliveryNanos));
    }

    @Override
    public void close() {
        tenant.close();
        receiver.close();
    }

    private static double seconds(long nanos) {
        return nanos / NANOS_PER_SECOND;
    }
}
