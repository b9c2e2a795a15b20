package dev.settle.bench.http;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one phase: opens its connections (before the clock starts, so that an unreachable server
 * fails at once), deals them out to the phase's {@link EventLoop}s, one platform thread each,
 * prints progress about once a second while they run, then joins them and merges what each
 * measured.
 */
final class PhaseRunner {
    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private PhaseRunner() {}

    /**
     * @param seeds source of each event loop's random stream (split, so the streams are independent)
     * @param progress receives progress lines, from the calling thread only
     * @throws IllegalStateException when a connection cannot be opened or fails for good
     */
    static HttpPhaseResult run(PhasePlan plan, HttpTarget target, AccountIds accounts, SplittableRandom seeds,
            Consumer<String> progress) throws InterruptedException {
        SocketChannel[] channels = new SocketChannel[plan.connections()];
        try {
            PhaseConnection[] connections = new PhaseConnection[plan.connections()];
            for (int c = 0; c < connections.length; c++) {
                TransferRequestTemplate request = TransferRequestTemplate.of(target, plan.endpoint(),
                        plan.transfersPerRequest(), plan.idVersion());
                channels[c] = target.openChannel();
                connections[c] = new PhaseConnection(c, target.address(), channels[c], request);
            }
            int loopCount = plan.eventLoopsStarted();
            progress.accept(String.format(Locale.ROOT, "%s: %d connections on %d event loop%s, %s ids, %d s warm-up, "
                    + "%d s measured", plan.name(), plan.connections(), loopCount, loopCount == 1 ? "" : "s",
                    plan.idVersion().jsonName(), plan.warmupSeconds(), plan.durationSeconds()));
            LiveTally tally = new LiveTally();
            PhaseWindow window = PhaseWindow.startingAt(System.nanoTime(), plan.warmupSeconds(), plan.durationSeconds());
            ClosedLoopTraffic[] traffics = new ClosedLoopTraffic[loopCount];
            EventLoop[] loops = new EventLoop[loopCount];
            for (int l = 0; l < loopCount; l++) {
                traffics[l] = new ClosedLoopTraffic(share(connections, l, loopCount), plan.endpoint(), accounts,
                        seeds.split(), window, tally);
                loops[l] = new EventLoop(traffics[l]);
            }
            EventLoopThreads threads = EventLoopThreads.start("http-bench-" + plan.name(), loops);
            try {
                if (!reportUntilOver(plan, window, tally, threads, progress)) {
                    // A loop stopped early: stop the others too, merge reports why.
                    threads.interruptAll();
                }
                threads.joinAll();
            } catch (InterruptedException e) {
                threads.interruptAll();
                throw e;
            }
            return merge(plan, window, loops, traffics);
        } finally {
            // The loops close the sockets they opened themselves; these are closed twice at most, harmlessly.
            for (SocketChannel channel : channels) {
                closeQuietly(channel);
            }
        }
    }

    /** Connections {@code loop}, {@code loop + loopCount}, ...: the loops' shares differ by one at most. */
    static PhaseConnection[] share(PhaseConnection[] connections, int loop, int loopCount) {
        if (loop < 0 || loop >= loopCount || loopCount > connections.length) {
            throw new IllegalArgumentException("loop " + loop + " of " + loopCount + " over " + connections.length
                    + " connections");
        }
        PhaseConnection[] share = new PhaseConnection[(connections.length - loop + loopCount - 1) / loopCount];
        for (int i = 0, c = loop; c < connections.length; i++, c += loopCount) {
            share[i] = connections[c];
        }
        return share;
    }

    /**
     * Prints a progress line every {@link #PROGRESS_INTERVAL_NANOS} until the window is over.
     *
     * @return false when a loop ended before that (it failed), true when the window ran out
     */
    private static boolean reportUntilOver(PhasePlan plan, PhaseWindow window, LiveTally tally,
            EventLoopThreads threads, Consumer<String> progress) throws InterruptedException {
        long lastNanos = window.startNanos();
        long lastAnswers = 0;
        long now = System.nanoTime();
        while (!window.isOver(now)) {
            if (!threads.allAlive()) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(PROGRESS_INTERVAL_NANOS, window.endNanos() - now));
            now = System.nanoTime();
            long answers = tally.answers();
            double requestsPerSecond = (answers - lastAnswers) * 1e9 / Math.max(1, now - lastNanos);
            progress.accept(String.format(Locale.ROOT, "%s: %.0f/%.0f s, %,.0f answers/s, %,d transfers not accepted",
                    plan.name(), secondsBetween(window.startNanos(), now),
                    secondsBetween(window.startNanos(), window.endNanos()), requestsPerSecond,
                    tally.failedTransfers()));
            lastNanos = now;
            lastAnswers = answers;
        }
        return true;
    }

    private static HttpPhaseResult merge(PhasePlan plan, PhaseWindow window, EventLoop[] loops,
            ClosedLoopTraffic[] traffics) {
        PhaseTotals all = new PhaseTotals();
        for (int l = 0; l < loops.length; l++) {
            Throwable failure = loops[l].failure();
            if (failure != null) {
                String who = loops[l].failedConnection() >= 0 ? "connection " + loops[l].failedConnection()
                        : "event loop " + l;
                throw new IllegalStateException(plan.name() + " " + who + " stopped early: " + failure, failure);
            }
            all.merge(traffics[l].totals());
        }
        return HttpPhaseResult.of(plan, window.measuredSeconds(), all);
    }

    static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to flush or read on a benchmark connection; a failed close loses nothing.
        }
    }

    static double secondsBetween(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
