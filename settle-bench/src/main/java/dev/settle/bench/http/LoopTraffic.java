package dev.settle.bench.http;

import java.io.IOException;

/**
 * What an {@link EventLoop}'s connections carry, and when. The loop moves the bytes, keeps the
 * time limits and counts each connection's failures in a row; its traffic owns the connections,
 * fills and sends their requests and counts what comes back. Two kinds exist:
 * {@link ClosedLoopTraffic} sends a connection's next request as soon as its answer arrives;
 * {@link OpenLoopTraffic} sends on a fixed schedule, whatever the answers do.
 *
 * <p>Single writer: every method is called from the loop's thread only.
 */
interface LoopTraffic {
    /** Returned by {@link #sendDue} when no send is scheduled: the loop waits for answers and time limits only. */
    long NOTHING_DUE_NANOS = Long.MAX_VALUE;

    /** The connections the loop registers, watches for time limits and closes at its end. */
    PhaseConnection[] connections();

    /** The loop's selector is open and the connections are registered: sends the first requests through {@code loop}. */
    void start(EventLoop loop, long nowNanos);

    /**
     * The answer of {@code connection}'s request is complete in its {@link PhaseConnection#response};
     * the connection is idle (and closed already when the server asked for it).
     */
    void answered(PhaseConnection connection, long answeredNanos);

    /**
     * {@code connection}'s request ended without an answer (an I/O error or a time limit). The
     * traffic counts it, then hands the connection to {@link EventLoop#afterFailure}.
     */
    void unanswered(PhaseConnection connection, IOException cause, long failedNanos);

    /**
     * Sends whatever has come due by {@code nowNanos}; called after every wake-up of the loop.
     *
     * @return nanoseconds from {@code nowNanos} until the next send is due, or {@link #NOTHING_DUE_NANOS}
     */
    long sendDue(long nowNanos);

    /** Whether nothing more will be sent and nothing is in flight: the loop ends. */
    boolean isDone();
}
