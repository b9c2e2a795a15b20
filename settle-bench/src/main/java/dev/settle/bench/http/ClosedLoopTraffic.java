package dev.settle.bench.http;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The closed loop of a measured phase: each connection keeps one request in flight and sends the
 * next as soon as the answer arrives, so the server's speed sets the rate. When an answer is
 * complete it is judged and timed, and the connection's next request is filled and written at
 * once.
 *
 * <p>At the end of the window no request is sent any more, and the loop runs until the requests
 * in flight are answered (unmeasured) or time out, so the next phase starts on a quiet server.
 * A request that gets no answer counts as a request whose transfers all failed.
 *
 * <p>Single writer: its {@link EventLoop}'s thread alone touches it; the shared {@link LiveTally}
 * is the only thing others see while the phase runs.
 */
final class ClosedLoopTraffic implements LoopTraffic {
    private final PhaseConnection[] connections;
    private final TransferEndpoint endpoint;
    private final AccountIds accounts;
    private final SplittableRandom random;
    private final PhaseWindow window;
    private final LiveTally tally;
    private final PhaseTotals totals = new PhaseTotals();
    private EventLoop loop;
    private int busyConnections;

    ClosedLoopTraffic(PhaseConnection[] connections, TransferEndpoint endpoint, AccountIds accounts,
            SplittableRandom random, PhaseWindow window, LiveTally tally) {
        this.connections = connections.clone();
        this.endpoint = endpoint;
        this.accounts = accounts;
        this.random = random;
        this.window = window;
        this.tally = tally;
    }

    @Override
    public PhaseConnection[] connections() {
        return connections;
    }

    @Override
    public void start(EventLoop eventLoop, long nowNanos) {
        loop = eventLoop;
        busyConnections = connections.length;
        for (PhaseConnection connection : connections) {
            sendNext(connection, nowNanos);
        }
    }

    @Override
    public void answered(PhaseConnection connection, long answeredNanos) {
        HttpResponse response = connection.response();
        int failed = endpoint.failedTransfers(response, connection.request().transfers());
        tally.add(failed);
        if (window.measures(answeredNanos)) {
            totals.answered(response.status(), failed, answeredNanos - connection.sentNanos());
            if (failed > 0 && !totals.hasFailure()) {
                totals.failure(answeredNanos, endpoint.describeFailure(response));
            }
        }
        sendNext(connection, answeredNanos);
    }

    @Override
    public void unanswered(PhaseConnection connection, IOException cause, long failedNanos) {
        countUnanswered(connection, cause, failedNanos);
        if (loop.afterFailure(connection, cause)) {
            sendNext(connection, failedNanos);
        }
    }

    /** Nothing is scheduled: every send follows an answer or a failure. */
    @Override
    public long sendDue(long nowNanos) {
        return NOTHING_DUE_NANOS;
    }

    @Override
    public boolean isDone() {
        return busyConnections == 0;
    }

    /**
     * Fills and sends the connection's next request, or retires the connection when the window
     * is over. Bounded: each pass sends, retires, or counts one more failure in a row, of which
     * the connection has at most {@link EventLoop#IO_FAILURES_IN_A_ROW_MAX}.
     */
    private void sendNext(PhaseConnection connection, long nowNanos) {
        long now = nowNanos;
        while (!window.isOver(now)) {
            // Time-ordered ids carry the wall clock; the latency is timed on the monotonic one, after the filling.
            connection.request().fill(random, accounts, System.currentTimeMillis());
            try {
                loop.send(connection, System.nanoTime());
                return;
            } catch (IOException e) {
                now = System.nanoTime();
                countUnanswered(connection, e, now);
                if (!loop.afterFailure(connection, e)) {
                    return;
                }
            }
        }
        connection.close();
        busyConnections--;
    }

    /** Counts the connection's request as one whose transfers all failed. */
    private void countUnanswered(PhaseConnection connection, IOException cause, long failedNanos) {
        int transfers = connection.request().transfers();
        tally.add(transfers);
        if (window.measures(failedNanos)) {
            totals.unanswered(transfers);
            totals.failure(failedNanos, "no answer: " + cause);
        }
    }

    PhaseTotals totals() {
        return totals;
    }
}
