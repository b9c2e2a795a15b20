package dev.settle.bench.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * A webhook endpoint on 127.0.0.1 (an ephemeral port) that answers 200 to every {@code POST /hook}
 * carrying an event id in {@code webhook-id}, and counts what arrives: deliveries (repeats
 * included), distinct events, and the arrival of the first and the last delivery. It checks no
 * signature: it measures the relay, it does not trust it.
 *
 * <p>Built on the JDK's {@link HttpServer}, one virtual thread per request, so a relay with many
 * deliveries in flight never waits for a free thread here.
 */
public final class WebhookReceiver implements AutoCloseable {
    public static final String PATH = "/hook";
    public static final String ID_HEADER = "webhook-id";
    /** Connections the kernel queues before the receiver accepts them; the relay opens a few per endpoint. */
    static final int BACKLOG_CONNECTIONS_MAX = 256;
    /** A delivery's body is one event of a few hundred bytes; anything past this is refused unread. */
    static final long BODY_SIZE_BYTES_MAX = 1L << 20;
    private static final int BUFFER_BYTES = 2_048;
    private static final int NO_BODY = -1;

    private final HttpServer server;
    private final ExecutorService executor;
    private final DeliveryTally tally;

    private WebhookReceiver(HttpServer server, ExecutorService executor, DeliveryTally tally) {
        this.server = server;
        this.executor = executor;
        this.tally = tally;
    }

    /** Starts a receiver that times deliveries with {@link System#nanoTime}. */
    public static WebhookReceiver start() throws IOException {
        return start(System::nanoTime);
    }

    /** Starts a receiver that times deliveries with {@code clockNanos}, a monotonic clock. */
    public static WebhookReceiver start(LongSupplier clockNanos) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                BACKLOG_CONNECTIONS_MAX);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        WebhookReceiver receiver = new WebhookReceiver(server, executor, new DeliveryTally(clockNanos));
        server.createContext(PATH, receiver::handle);
        server.setExecutor(executor);
        server.start();
        return receiver;
    }

    /** Where to point a webhook endpoint: {@code http://127.0.0.1:PORT/hook}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + PATH);
    }

    /** Deliveries answered 200, repeats of an event included. */
    public long deliveries() {
        return tally.deliveries();
    }

    /** Distinct events delivered. */
    public long distinctEvents() {
        return tally.distinctEvents();
    }

    /** Requests answered 400 because their {@code webhook-id} was missing or no event id; a correct relay sends none. */
    public long rejected() {
        return tally.rejected();
    }

    /** When the first delivery arrived, on the receiver's clock; empty before it. */
    public OptionalLong firstDeliveryNanos() {
        return tally.firstDeliveryNanos();
    }

    /** When the latest delivery arrived, on the receiver's clock; empty before the first. */
    public OptionalLong lastDeliveryNanos() {
        return tally.lastDeliveryNanos();
    }

    /** Waits until {@code count} distinct events have arrived; false when {@code timeout} passed first. */
    public boolean awaitDistinct(long count, Duration timeout) throws InterruptedException {
        return tally.awaitDistinct(count, timeout);
    }

    /** Stops at once: deliveries in flight get no answer, which a relay retries. */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                exchange.sendResponseHeaders(404, NO_BODY);
            } else if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, NO_BODY);
            } else if (!drained(exchange.getRequestBody())) {
                exchange.sendResponseHeaders(413, NO_BODY);
            } else {
                boolean counted = tally.record(exchange.getRequestHeaders().getFirst(ID_HEADER));
                exchange.sendResponseHeaders(counted ? 200 : 400, NO_BODY);
            }
        }
    }

    /** Reads the body to its end, so the connection can carry the next delivery; false when it is too large. */
    private static boolean drained(InputStream body) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long readBytes = 0;
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            readBytes += n;
            if (readBytes > BODY_SIZE_BYTES_MAX) {
                return false;
            }
        }
        return true;
    }
}
