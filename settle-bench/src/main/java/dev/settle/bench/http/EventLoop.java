package dev.settle.bench.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One thread that drives a share of a phase's connections, each a closed loop, through one
 * {@link Selector}, as wrk does: when an answer is complete it is judged and timed, and the
 * connection's next request is filled and written at once. A thread per connection would cost a
 * context switch per request; here one wake-up serves every connection that is ready.
 *
 * <p>Single writer: the loop's thread alone touches its connections, random stream, read buffer
 * and {@link PhaseTotals}; the starting thread reads the totals and the failure after
 * {@link Thread#join}. The shared {@link LiveTally} is the only thing others see meanwhile.
 *
 * <p>At the end of the window no request is sent any more, and the loop runs until the requests
 * in flight are answered (unmeasured) or time out, so the next phase starts on a quiet server.
 *
 * <p>A request that fails with an I/O error, or is not answered within
 * {@link PhaseConnection#ANSWER_TIMEOUT_NANOS}, counts as a request whose transfers all failed, and
 * its connection reconnects; after {@link #IO_FAILURES_IN_A_ROW_MAX} such failures in a row on one
 * connection the server is taken to be gone and the loop stops with the last error.
 */
final class EventLoop implements Runnable {
    static final int IO_FAILURES_IN_A_ROW_MAX = 100;
    /** Holds a single transfer's answer many times over; a batch answer takes a few reads. */
    static final int READ_BUFFER_BYTES = 64 * 1024;
    /** How often requests in flight are checked against their time limits; also the longest select. */
    static final long TIMEOUT_CHECK_INTERVAL_MILLIS = 250;
    private static final long TIMEOUT_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(TIMEOUT_CHECK_INTERVAL_MILLIS);

    static {
        if (TIMEOUT_CHECK_INTERVAL_NANOS >= PhaseConnection.CONNECT_TIMEOUT_NANOS) {
            throw new AssertionError("time limits must be checked more often than the shortest of them");
        }
    }

    private final PhaseConnection[] connections;
    private final TransferEndpoint endpoint;
    private final AccountIds accounts;
    private final SplittableRandom random;
    private final PhaseWindow window;
    private final LiveTally tally;
    private final PhaseTotals totals = new PhaseTotals();
    /** Shared by the loop's connections: each parses all it reads before the next one reads. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private Selector selector;
    private int busyConnections;
    private Throwable failure;
    private int failedConnection = -1;

    EventLoop(PhaseConnection[] connections, TransferEndpoint endpoint, AccountIds accounts, SplittableRandom random,
            PhaseWindow window, LiveTally tally) {
        if (connections.length == 0) {
            throw new IllegalArgumentException("an event loop needs a connection at least");
        }
        this.connections = connections.clone();
        this.endpoint = endpoint;
        this.accounts = accounts;
        this.random = random;
        this.window = window;
        this.tally = tally;
    }

    @Override
    public void run() {
        try (Selector opened = Selector.open()) {
            selector = opened;
            for (PhaseConnection connection : connections) {
                connection.register(selector);
            }
            busyConnections = connections.length;
            long now = System.nanoTime();
            for (PhaseConnection connection : connections) {
                sendNext(connection, now);
            }
            loop();
        } catch (IOException | RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        } finally {
            for (PhaseConnection connection : connections) {
                connection.close();
            }
        }
    }

    /** Bounded: after the window's end no request starts, and each one in flight ends within its time limit. */
    private void loop() throws IOException {
        long nextCheckNanos = System.nanoTime() + TIMEOUT_CHECK_INTERVAL_NANOS;
        while (busyConnections > 0 && failure == null && !Thread.currentThread().isInterrupted()) {
            selector.select(onReady, TIMEOUT_CHECK_INTERVAL_MILLIS);
            long now = System.nanoTime();
            if (now - nextCheckNanos >= 0) {
                expireOverdue(now);
                nextCheckNanos = now + TIMEOUT_CHECK_INTERVAL_NANOS;
            }
        }
    }

    private void onReady(SelectionKey key) {
        if (failure != null) {
            return;
        }
        PhaseConnection connection = (PhaseConnection) key.attachment();
        boolean answered;
        try {
            answered = connection.onReady(readBuffer);
        } catch (IOException e) {
            failed(connection, e, System.nanoTime());
            return;
        }
        if (answered) {
            answered(connection, System.nanoTime());
        }
    }

    private void answered(PhaseConnection connection, long answeredNanos) {
        HttpResponse response = connection.response();
        int failed = endpoint.failedTransfers(response, connection.request().transfers());
        tally.add(failed);
        if (window.measures(answeredNanos)) {
            totals.answered(response.status(), failed, answeredNanos - connection.sentNanos());
            if (failed > 0 && !totals.hasFailure()) {
                totals.failure(answeredNanos, endpoint.describeFailure(response));
            }
        }
        connection.answered();
        if (!response.keepAlive()) {
            connection.close();
        }
        sendNext(connection, answeredNanos);
    }

    /**
     * Fills and sends the connection's next request, or retires the connection when the window
     * is over. Bounded: each pass sends, retires, or counts one more failure in a row, of which
     * the connection has at most {@link #IO_FAILURES_IN_A_ROW_MAX}.
     */
    private void sendNext(PhaseConnection connection, long nowNanos) {
        long now = nowNanos;
        while (!window.isOver(now)) {
            // Time-ordered ids carry the wall clock; the latency is timed on the monotonic one, after the filling.
            connection.request().fill(random, accounts, System.currentTimeMillis());
            try {
                connection.send(selector, System.nanoTime());
                return;
            } catch (IOException e) {
                now = System.nanoTime();
                if (!countFailure(connection, e, now)) {
                    return;
                }
            }
        }
        connection.close();
        busyConnections--;
    }

    private void failed(PhaseConnection connection, IOException e, long failedNanos) {
        if (countFailure(connection, e, failedNanos)) {
            sendNext(connection, failedNanos);
        }
    }

    /**
     * Counts the connection's request as unanswered and closes the connection.
     *
     * @return false when it was the connection's last failure allowed in a row: the loop stops
     */
    private boolean countFailure(PhaseConnection connection, IOException e, long failedNanos) {
        connection.close();
        int transfers = connection.request().transfers();
        tally.add(transfers);
        if (window.measures(failedNanos)) {
            totals.unanswered(transfers);
            totals.failure(failedNanos, "no answer: " + e);
        }
        if (connection.failedAgain() < IO_FAILURES_IN_A_ROW_MAX) {
            return true;
        }
        failure = e;
        failedConnection = connection.index();
        return false;
    }

    private void expireOverdue(long nowNanos) {
        for (PhaseConnection connection : connections) {
            if (failure != null) {
                return;
            }
            String overdue = connection.overdue(nowNanos);
            if (overdue != null) {
                failed(connection, new SocketTimeoutException(overdue), nowNanos);
            }
        }
    }

    PhaseTotals totals() {
        return totals;
    }

    /** Why the loop stopped before its requests ran out, or null when it ran to the end (or was interrupted). */
    Throwable failure() {
        return failure;
    }

    /** The phase-wide index of the connection that failed too often, or -1 when the loop itself failed. */
    int failedConnection() {
        return failedConnection;
    }
}
