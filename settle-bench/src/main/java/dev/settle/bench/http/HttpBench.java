package dev.settle.bench.http;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code settle bench --http}: loads a running Settle server over HTTP and measures it from the
 * outside, network stack and JSON included.
 *
 * <ol>
 *   <li>Setup (not timed): creates the accounts with {@code POST /v1/accounts}.
 *   <li>Single transfers: each connection sends {@code POST /v1/transfers} of 1 between two
 *       random accounts, one request at a time (closed loop); after the warm-up, every answer's
 *       latency and status is measured. A few event-loop threads (one by default) drive all the
 *       connections, so the generator takes little of the CPU it shares with the server.
 *   <li>Batches: the same with {@code POST /v1/transfers/batch} of the configured size.
 * </ol>
 *
 * Every transfer has a fresh id (a time-ordered UUIDv7, or a random v4 when asked), so every one
 * should be created; anything else is counted as an error, not thrown: a benchmark reports what
 * the server did. The throughput reported is of accepted transfers only: a tenant's rate limit
 * answers 429 faster than the server creates transfers, so counting refusals would inflate it;
 * 429s and other failures are reported apart.
 */
public final class HttpBench {
    private HttpBench() {}

    /**
     * Runs the setup and both phases against {@code config}'s server; takes about the sum of the
     * phases' warm-up and measured seconds, plus the setup.
     *
     * @throws IllegalStateException when the server cannot be reached, refuses the accounts, or a
     *     connection keeps failing without answers
     */
    public static HttpBenchResult run(HttpBenchConfig config) throws InterruptedException {
        Consumer<String> progress = config.progress();
        HttpTarget target = HttpTarget.of(config.baseUri(), config.apiKey());
        progress.accept(String.format(Locale.ROOT, "setup: creating %,d accounts at %s", config.accounts(),
                target.describe()));
        long setupStartedNanos = System.nanoTime();
        AccountIds accounts = AccountSetup.create(target, config.accounts());
        double setupSeconds = (System.nanoTime() - setupStartedNanos) / 1e9;
        progress.accept(String.format(Locale.ROOT, "setup: %,d accounts in %.1f s", config.accounts(), setupSeconds));
        // Fresh seeds each run: a rerun against the same server must not repeat transfer ids.
        SplittableRandom seeds = new SplittableRandom(new SecureRandom().nextLong());
        HttpPhaseResult single = PhaseRunner.run(config.singlePhase(), target, accounts, seeds, progress);
        progress.accept(summary("single", single));
        HttpPhaseResult batch = PhaseRunner.run(config.batchPhase(), target, accounts, seeds, progress);
        progress.accept(summary("batch", batch));
        return new HttpBenchResult(single, batch, config.accounts(), setupSeconds, config.eventLoops(),
                config.idVersion().jsonName());
    }

    private static String summary(String phase, HttpPhaseResult result) {
        return String.format(Locale.ROOT, "%s: %,.0f accepted transfers/s (%,d accepted of %,d sent; %,.0f requests/s "
                + "answered), accepted p50 %.3f ms, p99 %.3f ms; %,d requests rate limited (429), %,d otherwise "
                + "failed%s", phase, result.acceptedTransfersPerSecond(), result.acceptedTransfers(), result.transfers(),
                result.requestsPerSecond(), result.latencyMillisP50(), result.latencyMillisP99(),
                result.rateLimitedRequests(), result.otherFailedRequests(),
                result.firstError() == null ? "" : "; first: " + result.firstError());
    }
}
