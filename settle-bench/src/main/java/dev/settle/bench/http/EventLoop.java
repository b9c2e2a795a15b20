package dev.settle.bench.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One thread that drives a share of a run's connections through one {@link Selector}, as wrk
 * does: when an answer is complete it goes to the loop's {@link LoopTraffic}, which counts it and
 * decides what to send next; when a send falls due, the loop wakes up for it. A thread per
 * connection would cost a context switch per request; here one wake-up serves every connection
 * that is ready.
 *
 * <p>Single writer: the loop's thread alone touches its traffic, connections and read buffer;
 * the starting thread reads the traffic's totals and the failure after {@link Thread#join}.
 *
 * <p>A request that fails with an I/O error, or is not answered within
 * {@link PhaseConnection#ANSWER_TIMEOUT_NANOS}, goes to {@link LoopTraffic#unanswered}, and its
 * connection reconnects on its next send; after {@link #IO_FAILURES_IN_A_ROW_MAX} such failures in
 * a row on one connection the server is taken to be gone and the loop stops with the last error.
 */
final class EventLoop implements Runnable {
    static final int IO_FAILURES_IN_A_ROW_MAX = 100;
    /** Holds a single transfer's answer many times over; a batch answer takes a few reads. */
    static final int READ_BUFFER_BYTES = 64 * 1024;
    /** How often requests in flight are checked against their time limits; also the longest wait. */
    static final long TIMEOUT_CHECK_INTERVAL_MILLIS = 250;
    private static final long TIMEOUT_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(TIMEOUT_CHECK_INTERVAL_MILLIS);
    /** A selector waits in whole milliseconds; a shorter wait is rounded down to none. */
    static final long SELECT_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * Within the last millisecond before a send is due, the loop polls the selector and parks this
     * long at most between polls: both the send and an answer that arrives meanwhile are late by
     * about this much at most, at the cost of a few thousand cheap wake-ups a second, instead of a
     * busy spin that would take a core from the server under test.
     */
    static final long POLL_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    static {
        if (TIMEOUT_CHECK_INTERVAL_NANOS >= PhaseConnection.CONNECT_TIMEOUT_NANOS) {
            throw new AssertionError("time limits must be checked more often than the shortest of them");
        }
        if (POLL_SLICE_NANOS >= SELECT_RESOLUTION_NANOS) {
            throw new AssertionError("polling is for waits shorter than the selector can do");
        }
    }

    private final LoopTraffic traffic;
    private final PhaseConnection[] connections;
    /** Shared by the loop's connections: each parses all it reads before the next one reads. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private Selector selector;
    private Throwable failure;
    private int failedConnection = -1;

    EventLoop(LoopTraffic traffic) {
        if (traffic.connections().length == 0) {
            throw new IllegalArgumentException("an event loop needs a connection at least");
        }
        this.traffic = traffic;
        this.connections = traffic.connections();
    }

    @Override
    public void run() {
        try (Selector opened = Selector.open()) {
            selector = opened;
            for (PhaseConnection connection : connections) {
                connection.register(selector);
            }
            traffic.start(this, System.nanoTime());
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

    /** Bounded: the traffic stops sending at its end, and each request in flight ends within its time limit. */
    private void loop() throws IOException {
        long now = System.nanoTime();
        long nextCheckNanos = now + TIMEOUT_CHECK_INTERVAL_NANOS;
        long dueInNanos = traffic.sendDue(now);
        while (!traffic.isDone() && failure == null && !Thread.currentThread().isInterrupted()) {
            await(Math.min(dueInNanos, nextCheckNanos - now));
            now = System.nanoTime();
            if (now - nextCheckNanos >= 0) {
                expireOverdue(now);
                nextCheckNanos = now + TIMEOUT_CHECK_INTERVAL_NANOS;
            }
            if (failure == null) {
                dueInNanos = traffic.sendDue(now);
            }
        }
    }

    /** Handles what is ready within about {@code waitNanos}; returns early when something is. */
    private void await(long waitNanos) throws IOException {
        if (waitNanos >= SELECT_RESOLUTION_NANOS) {
            // Rounded down: waking a little early costs a poll, waking late delays a send.
            selector.select(onReady, TimeUnit.NANOSECONDS.toMillis(waitNanos));
        } else if (selector.selectNow(onReady) == 0 && waitNanos > 0) {
            LockSupport.parkNanos(Math.min(waitNanos, POLL_SLICE_NANOS));
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
            traffic.unanswered(connection, e, System.nanoTime());
            return;
        }
        if (answered) {
            long answeredNanos = System.nanoTime();
            connection.answered();
            if (!connection.response().keepAlive()) {
                connection.close();
            }
            traffic.answered(connection, answeredNanos);
        }
    }

    /** Sends {@code connection}'s request as filled now; its time limits run from {@code sentNanos}. */
    void send(PhaseConnection connection, long sentNanos) throws IOException {
        connection.send(selector, sentNanos);
    }

    /**
     * Closes {@code connection} after its request failed (its next send reconnects) and counts
     * the failure in a row.
     *
     * @return false when that was one failure too many: the loop stops with {@code cause}
     */
    boolean afterFailure(PhaseConnection connection, IOException cause) {
        connection.close();
        if (connection.failedAgain() < IO_FAILURES_IN_A_ROW_MAX) {
            return true;
        }
        failure = cause;
        failedConnection = connection.index();
        return false;
    }

    /** Whether the loop has stopped for good: traffic sends nothing more. */
    boolean stopped() {
        return failure != null;
    }

    private void expireOverdue(long nowNanos) {
        for (PhaseConnection connection : connections) {
            if (failure != null) {
                return;
            }
            String overdue = connection.overdue(nowNanos);
            if (overdue != null) {
                traffic.unanswered(connection, new SocketTimeoutException(overdue), nowNanos);
            }
        }
    }

    /** Why the loop stopped before its traffic ran out, or null when it ran to the end (or was interrupted). */
    Throwable failure() {
        return failure;
    }

    /** The {@link PhaseConnection#index} of the connection that failed too often, or -1 when the loop itself failed. */
    int failedConnection() {
        return failedConnection;
    }
}
