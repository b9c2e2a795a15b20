package dev.settle.bench.http;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * One connection's closed loop: fill the request, send it, wait for the answer, judge it, repeat
 * until the phase window ends. Timing covers the exchange only, not the filling. Its
 * {@link PhaseTotals} and failure are read by the starting thread after {@link Thread#join}.
 *
 * <p>An exchange that fails with an I/O error counts as a request whose transfers all failed, and
 * the next one reconnects; after {@link #IO_FAILURES_IN_A_ROW_MAX} such failures in a row the
 * server is taken to be gone and the worker stops with the last error.
 */
final class PhaseWorker implements Runnable {
    static final int IO_FAILURES_IN_A_ROW_MAX = 100;

    private final HttpConnection connection;
    private final TransferRequestTemplate request;
    private final TransferEndpoint endpoint;
    private final AccountIds accounts;
    private final SplittableRandom random;
    private final PhaseWindow window;
    private final LiveTally tally;
    private final HttpResponse response = new HttpResponse();
    private final PhaseTotals totals = new PhaseTotals();
    private Throwable failure;

    PhaseWorker(HttpConnection connection, TransferRequestTemplate request, TransferEndpoint endpoint,
            AccountIds accounts, SplittableRandom random, PhaseWindow window, LiveTally tally) {
        this.connection = connection;
        this.request = request;
        this.endpoint = endpoint;
        this.accounts = accounts;
        this.random = random;
        this.window = window;
        this.tally = tally;
    }

    @Override
    public void run() {
        int ioFailuresInARow = 0;
        try {
            while (!Thread.currentThread().isInterrupted() && !window.isOver(System.nanoTime())) {
                request.fill(random, accounts);
                long sentNanos = System.nanoTime();
                try {
                    connection.exchange(request.bytes(), response);
                } catch (IOException e) {
                    if (++ioFailuresInARow == IO_FAILURES_IN_A_ROW_MAX) {
                        throw e;
                    }
                    unanswered(System.nanoTime(), e);
                    continue;
                }
                ioFailuresInARow = 0;
                answered(sentNanos, System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    private void answered(long sentNanos, long answeredNanos) {
        int failed = endpoint.failedTransfers(response, request.transfers());
        tally.add(failed);
        if (!window.measures(answeredNanos)) {
            return;
        }
        totals.answered(response.status(), failed, answeredNanos - sentNanos);
        if (failed > 0 && !totals.hasFailure()) {
            totals.failure(answeredNanos, endpoint.describeFailure(response));
        }
    }

    private void unanswered(long failedNanos, IOException e) {
        tally.add(request.transfers());
        if (window.measures(failedNanos)) {
            totals.unanswered(request.transfers());
            totals.failure(failedNanos, "no answer: " + e);
        }
    }

    PhaseTotals totals() {
        return totals;
    }

    /** Why the worker stopped before the window's end, or null when it ran to the end. */
    Throwable failure() {
        return failure;
    }
}
