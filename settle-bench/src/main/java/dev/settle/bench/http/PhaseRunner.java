package dev.settle.bench.http;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one phase: opens its connections (before the clock starts, so that an unreachable server
 * fails at once), starts a virtual thread per connection, prints progress about once a second
 * while they run, then joins them and merges what each measured.
 */
final class PhaseRunner {
    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private PhaseRunner() {}

    /**
     * @param seeds source of each connection's random stream (split, so the streams are independent)
     * @param progress receives progress lines, from the calling thread only
     * @throws IllegalStateException when a connection cannot be opened or fails for good
     */
    static HttpPhaseResult run(PhasePlan plan, HttpTarget target, AccountIds accounts, SplittableRandom seeds,
            Consumer<String> progress) throws InterruptedException {
        HttpConnection[] connections = new HttpConnection[plan.connections()];
        try {
            TransferRequestTemplate[] requests = new TransferRequestTemplate[plan.connections()];
            for (int c = 0; c < connections.length; c++) {
                requests[c] = TransferRequestTemplate.of(target, plan.endpoint(), plan.transfersPerRequest());
                connections[c] = target.open();
            }
            progress.accept(String.format(Locale.ROOT, "%s: %d connections, %d s warm-up, %d s measured", plan.name(),
                    plan.connections(), plan.warmupSeconds(), plan.durationSeconds()));
            LiveTally tally = new LiveTally();
            PhaseWindow window = PhaseWindow.startingAt(System.nanoTime(), plan.warmupSeconds(), plan.durationSeconds());
            PhaseWorker[] workers = new PhaseWorker[connections.length];
            Thread[] threads = new Thread[connections.length];
            for (int c = 0; c < connections.length; c++) {
                workers[c] = new PhaseWorker(connections[c], requests[c], plan.endpoint(), accounts, seeds.split(),
                        window, tally);
                threads[c] = Thread.ofVirtual().name("http-bench-" + plan.name() + "-" + c).start(workers[c]);
            }
            try {
                if (!reportUntilOver(plan, window, tally, threads, progress)) {
                    // A connection stopped early: stop the others too, merge reports why.
                    interruptAll(threads);
                }
                for (Thread thread : threads) {
                    thread.join();
                }
            } catch (InterruptedException e) {
                interruptAll(threads);
                throw e;
            }
            return merge(plan, window, workers);
        } finally {
            for (HttpConnection connection : connections) {
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }

    /** Interrupting a virtual thread blocked on a socket closes the socket, so the workers end at once. */
    private static void interruptAll(Thread[] threads) {
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    /**
     * Prints a progress line every {@link #PROGRESS_INTERVAL_NANOS} until the window is over.
     *
     * @return false when a worker ended before that (it failed), true when the window ran out
     */
    private static boolean reportUntilOver(PhasePlan plan, PhaseWindow window, LiveTally tally, Thread[] threads,
            Consumer<String> progress) throws InterruptedException {
        long lastNanos = window.startNanos();
        long lastAnswers = 0;
        long now = System.nanoTime();
        while (!window.isOver(now)) {
            for (Thread thread : threads) {
                if (!thread.isAlive()) {
                    return false;
                }
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(PROGRESS_INTERVAL_NANOS, window.endNanos() - now));
            now = System.nanoTime();
            long answers = tally.answers();
            double requestsPerSecond = (answers - lastAnswers) * 1e9 / Math.max(1, now - lastNanos);
            progress.accept(String.format(Locale.ROOT, "%s: %.0f/%.0f s, %,.0f requests/s, %,d failed transfers",
                    plan.name(), secondsBetween(window.startNanos(), now),
                    secondsBetween(window.startNanos(), window.endNanos()), requestsPerSecond,
                    tally.failedTransfers()));
            lastNanos = now;
            lastAnswers = answers;
        }
        return true;
    }

    private static HttpPhaseResult merge(PhasePlan plan, PhaseWindow window, PhaseWorker[] workers) {
        PhaseTotals all = new PhaseTotals();
        for (int c = 0; c < workers.length; c++) {
            Throwable failure = workers[c].failure();
            if (failure != null) {
                throw new IllegalStateException(plan.name() + " connection " + c + " stopped early: " + failure, failure);
            }
            all.merge(workers[c].totals());
        }
        return HttpPhaseResult.of(plan, window.measuredSeconds(), all);
    }

    private static double secondsBetween(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
