package dev.settle.webhooks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A local webhook receiver for tests that fails on demand.
 *
 * <p>Listens on 127.0.0.1 on an ephemeral port; serves each connection on its own virtual thread,
 * with keep-alive. Every request read in full is recorded, then answered according to the {@link
 * BehaviourChooser}, which can be changed at any time. Tests wait for what they expect with {@link
 * #awaitAcknowledged} or {@link #awaitReceived}, which block on a condition variable: no sleeping.
 * {@link #close()} closes every connection, stalled ones included, so a test ends promptly.
 */
public final class FlakyReceiver implements AutoCloseable {
    /** How a request is answered. */
    public enum Behaviour {
        /** 200 with a short body; the id counts as acknowledged. */
        OK,
        /** 500. */
        ERROR,
        /** 410: the receiver asks the sender to stop. */
        GONE,
        /** No answer at all until the connection closes: the sender's timeout has to cut it. */
        STALL,
        /** The connection is closed with SO_LINGER 0, which sends a TCP reset, without an answer. */
        RESET
    }

    /** Chooses the behaviour for one request, after it has been recorded. */
    @FunctionalInterface
    public interface BehaviourChooser {
        Behaviour choose(Received request);
    }

    /**
     * One request read in full. The body array is the receiver's own copy; do not modify it.
     * {@code traceparent} is the W3C trace context header, or null when none was sent.
     */
    public record Received(String webhookId, String webhookTimestamp, String webhookSignature, byte[] body,
            Instant arrivedAt, String traceparent) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final List<Behaviour> FAILURES = List.of(Behaviour.ERROR, Behaviour.STALL, Behaviour.RESET);
    private static final Duration ACCEPTOR_JOIN_TIMEOUT = Duration.ofSeconds(5);
    private static final int BACKLOG = 128;

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionsAccepted = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile BehaviourChooser chooser;
    private volatile boolean closed;

    // Guarded by lock.
    private final List<Received> received = new ArrayList<>();
    private final Set<String> acknowledgedIds = new LinkedHashSet<>();

    private FlakyReceiver(BehaviourChooser chooser) {
        this.chooser = chooser;
        try {
            server = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofVirtual().name("flaky-receiver-accept").start(this::acceptLoop);
    }

    /** A receiver that answers every request with 200. */
    public static FlakyReceiver reliable() {
        return new FlakyReceiver(request -> Behaviour.OK);
    }

    /**
     * A receiver that fails each request with probability {@code failureFraction}, choosing ERROR,
     * STALL or RESET uniformly, and otherwise answers 200. The sequence of choices is fixed by the
     * seed; which request gets which choice depends on arrival order.
     */
    public static FlakyReceiver flaky(long seed, double failureFraction) {
        return new FlakyReceiver(flakyChooser(seed, failureFraction));
    }

    /** The chooser behind {@link #flaky}, for switching an existing receiver to flaky behaviour. */
    public static BehaviourChooser flakyChooser(long seed, double failureFraction) {
        if (!(failureFraction >= 0 && failureFraction <= 1)) {
            throw new IllegalArgumentException("failureFraction must be in [0, 1], got " + failureFraction);
        }
        Random random = new Random(seed);
        Object guard = new Object();
        return request -> {
            // One lock around both draws, so each request consumes exactly its two values.
            synchronized (guard) {
                double draw = random.nextDouble();
                Behaviour failure = FAILURES.get(random.nextInt(FAILURES.size()));
                return draw < failureFraction ? failure : Behaviour.OK;
            }
        };
    }

    /** Answers every later request the same way. */
    public void setBehaviour(Behaviour behaviour) {
        this.chooser = request -> behaviour;
    }

    /** Chooses per request from now on. */
    public void setBehaviour(BehaviourChooser chooser) {
        this.chooser = chooser;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/webhooks");
    }

    /** Every request read in full so far, in arrival order. */
    public List<Received> received() {
        lock.lock();
        try {
            return List.copyOf(received);
        } finally {
            lock.unlock();
        }
    }

    /** The ids of requests answered 200, in the order of their first acknowledgement. */
    public Set<String> acknowledgedIds() {
        lock.lock();
        try {
            return Collections.unmodifiableSet(new LinkedHashSet<>(acknowledgedIds));
        } finally {
            lock.unlock();
        }
    }

    /** Connections accepted so far: with keep-alive, fewer than requests. */
    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Waits until the acknowledged ids satisfy the condition; false if the timeout passes first. */
    public boolean awaitAcknowledged(Predicate<Set<String>> condition, Duration timeout) throws InterruptedException {
        return await(() -> condition.test(Collections.unmodifiableSet(new LinkedHashSet<>(acknowledgedIds))), timeout);
    }

    /** Waits until at least {@code count} requests have been read in full; false on timeout. */
    public boolean awaitReceived(int count, Duration timeout) throws InterruptedException {
        return await(() -> received.size() >= count, timeout);
    }

    private boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long remainingNanos = timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (remainingNanos <= 0) {
                    return false;
                }
                remainingNanos = changed.awaitNanos(remainingNanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting and closes every connection, which releases stalled ones. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing a server socket that failed to close leaves nothing else to do.
        }
        for (Socket connection : connections) {
            closeQuietly(connection);
        }
        try {
            acceptor.join(ACCEPTOR_JOIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connectionsAccepted.incrementAndGet();
            connections.add(connection);
            if (closed) {
                // close() may have run between accept and add; it would have missed this one.
                closeQuietly(connection);
            }
            Thread.ofVirtual().name("flaky-receiver-connection").start(() -> serve(connection));
        }
    }

    private void serve(Socket connection) {
        try {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = new BufferedOutputStream(connection.getOutputStream());
            boolean open = true;
            while (open && !closed) {
                HttpWire.Request request = HttpWire.read(in);
                if (request == null) {
                    return;
                }
                Received arrival = record(request);
                open = answer(connection, in, out, arrival, chooser.choose(arrival))
                        && !"close".equalsIgnoreCase(request.header("connection"));
            }
        } catch (IOException | RuntimeException e) {
            // The sender went away, or close() closed the socket under this thread.
        } finally {
            connections.remove(connection);
            closeQuietly(connection);
        }
    }

    /** Answers one request; false when the connection must end. */
    private boolean answer(Socket connection, InputStream in, OutputStream out, Received arrival, Behaviour behaviour)
            throws IOException {
        switch (behaviour) {
            case OK -> {
                HttpWire.writeResponse(out, 200, Map.of("content-type", "text/plain"), "ok".getBytes(StandardCharsets.UTF_8));
                acknowledge(arrival.webhookId());
                return true;
            }
            case ERROR -> {
                HttpWire.writeResponse(out, 500, Map.of(), "flaky receiver error".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            case GONE -> {
                HttpWire.writeResponse(out, 410, Map.of(), "gone".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            case STALL -> {
                // Read and discard until the sender gives up or close() closes the socket.
                while (in.read() != -1) {
                    // Discard.
                }
                return false;
            }
            case RESET -> {
                connection.setSoLinger(true, 0);
                return false;
            }
        }
        throw new IllegalStateException("unknown behaviour " + behaviour);
    }

    private Received record(HttpWire.Request request) {
        Received arrival = new Received(
                request.header(WebhookSignature.HEADER_ID),
                request.header(WebhookSignature.HEADER_TIMESTAMP),
                request.header(WebhookSignature.HEADER_SIGNATURE),
                request.body(),
                Instant.now(),
                request.header(DeliverySender.HEADER_TRACEPARENT));
        lock.lock();
        try {
            received.add(arrival);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return arrival;
    }

    private void acknowledge(String webhookId) {
        lock.lock();
        try {
            acknowledgedIds.add(String.valueOf(webhookId));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to do about a socket that fails to close.
        }
    }
}
