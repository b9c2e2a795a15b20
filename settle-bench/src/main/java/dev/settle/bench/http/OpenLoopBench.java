package dev.settle.bench.http;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The open-loop HTTP bench for traffic scenarios (a noisy neighbour flooding at ten times its rate
 * limit beside a steady tenant; a pod pushed past what it can take): several independent
 * {@link TrafficGroup}s, each sending {@code POST /v1/transfers} at a fixed rate with its own key,
 * measured separately.
 *
 * <ol>
 *   <li>Setup (not timed): each group creates its accounts with its own key.
 *   <li>The run: every group's requests come due on a fixed schedule, 1e9 / rate ns apart, whether
 *       or not the server keeps up (open loop, unlike {@link HttpBench}'s closed loop). A due
 *       request waits for a free connection of its group if it must, and its latency runs from
 *       when it was due, so a slow server cannot hide its slowness by slowing the generator down
 *       (coordinated omission). Retry-After is counted, never obeyed. A backlog of more than
 *       {@link GroupLane#BACKLOG_NANOS_MAX} of requests is dropped by the generator and reported.
 * </ol>
 *
 * The server's answers, good or bad, are counted, not thrown: a benchmark reports what the server did.
 */
public final class OpenLoopBench {
    /** Each group is a tenant with its own accounts and connections; more would be a different test. */
    public static final int GROUPS_MAX = 16;

    private OpenLoopBench() {}

    /**
     * Runs the setup and the open loop; takes about the warm-up and measured seconds plus the
     * setup, and at most one answer time limit more for the answers in flight at the end.
     *
     * @param groups 1..{@value #GROUPS_MAX} groups with distinct names
     * @param warmupSeconds unmeasured seconds at the start, 0..{@value HttpBenchConfig#WARMUP_SECONDS_MAX};
     *     requests due in them are sent but not counted
     * @param durationSeconds measured seconds, 1..{@value HttpBenchConfig#DURATION_SECONDS_MAX}
     * @param eventLoops generator threads, 1..{@link HttpBenchConfig#eventLoopsMax()}; each group is
     *     split evenly over them (its rate and its connections), so one is enough unless the
     *     generator is the bottleneck
     * @param progress receives human-readable progress lines, from the calling thread
     * @throws IllegalArgumentException when a setting is out of bounds
     * @throws IllegalStateException when the server cannot be reached, refuses a group's accounts, or
     *     a connection keeps failing without answers
     */
    public static OpenLoopResult run(List<TrafficGroup> groups, int warmupSeconds, int durationSeconds,
            int eventLoops, Consumer<String> progress) throws InterruptedException {
        return run(groups, warmupSeconds, durationSeconds, eventLoops, progress, () -> { });
    }

    /**
     * The same, with {@code afterSetup} run once every group has its accounts and before the load
     * starts (a scenario changes the server there: a fault that would also refuse the setup).
     */
    public static OpenLoopResult run(List<TrafficGroup> groups, int warmupSeconds, int durationSeconds,
            int eventLoops, Consumer<String> progress, Runnable afterSetup) throws InterruptedException {
        requireValid(groups, warmupSeconds, durationSeconds, eventLoops, progress);
        List<TrafficGroup> groupList = List.copyOf(groups);
        HttpTarget[] targets = new HttpTarget[groupList.size()];
        AccountIds[] accounts = new AccountIds[groupList.size()];
        for (int g = 0; g < targets.length; g++) {
            TrafficGroup group = groupList.get(g);
            targets[g] = HttpTarget.of(group.baseUri(), group.apiKey());
            progress.accept(String.format(Locale.ROOT, "setup %s: creating %,d accounts at %s", group.name(),
                    group.accounts(), targets[g].describe()));
            long startedNanos = System.nanoTime();
            accounts[g] = AccountSetup.create(targets[g], group.accounts());
            progress.accept(String.format(Locale.ROOT, "setup %s: %,d accounts in %.1f s", group.name(),
                    group.accounts(), (System.nanoTime() - startedNanos) / 1e9));
        }
        afterSetup.run();
        // Fresh seeds each run: a rerun against the same server must not repeat transfer ids.
        SplittableRandom seeds = new SplittableRandom(new SecureRandom().nextLong());
        OpenLoopResult result = OpenLoopRunner.run(groupList, targets, accounts, warmupSeconds, durationSeconds,
                eventLoops, seeds, progress);
        for (GroupResult group : result.groups()) {
            progress.accept(summary(group));
        }
        return result;
    }

    private static void requireValid(List<TrafficGroup> groups, int warmupSeconds, int durationSeconds,
            int eventLoops, Consumer<String> progress) {
        if (groups == null || groups.isEmpty() || groups.size() > GROUPS_MAX) {
            throw new IllegalArgumentException("the open loop needs 1.." + GROUPS_MAX + " traffic groups, got "
                    + (groups == null ? "none" : groups.size()));
        }
        Set<String> names = new HashSet<>();
        for (TrafficGroup group : groups) {
            if (group == null || !names.add(group.name())) {
                throw new IllegalArgumentException("traffic groups must be distinct and named apart, got "
                        + (group == null ? "null" : "\"" + group.name() + "\" twice"));
            }
        }
        requireWithin("warm-up seconds", warmupSeconds, 0, HttpBenchConfig.WARMUP_SECONDS_MAX);
        requireWithin("duration seconds", durationSeconds, 1, HttpBenchConfig.DURATION_SECONDS_MAX);
        requireWithin("event loops", eventLoops, 1, HttpBenchConfig.eventLoopsMax());
        if (progress == null) {
            throw new IllegalArgumentException("progress must not be null (use line -> {} to drop it)");
        }
    }

    private static void requireWithin(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
    }

    private static String summary(GroupResult group) {
        return String.format(Locale.ROOT, "%s: %,.0f of %,.0f requests/s made transfers, %.0f%% rate-limited, "
                + "%,d shed (503), %,d other, %,d connection errors, %,d dropped by the generator, p50 %.3f ms, "
                + "p99 %.3f ms%s", group.name(), group.successPerSecond(), group.targetPerSecond(),
                group.rateLimitedShare() * 100, group.answers503(), group.answersOther(), group.connectionErrors(),
                group.droppedByGenerator(), group.latencyMicrosP50() / 1e3, group.latencyMicrosP99() / 1e3,
                group.firstError() == null ? "" : "; first error: " + group.firstError());
    }
}
