package dev.settle.bench.http;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the timed part of an open-loop run: splits each traffic group into lanes, one per event
 * loop (up to its connections), so that loop l drives lane l of every group; opens the first
 * connection of each lane before the clock starts (the rest connect when first needed); runs the
 * loops, one platform thread each, printing progress about once a second; then joins them and
 * merges each group's lanes.
 */
final class OpenLoopRunner {
    private OpenLoopRunner() {}

    /**
     * @param targets the server and key of each group, in the groups' order
     * @param accounts the accounts each group created, in the groups' order
     * @param seeds source of each lane's random stream (split, so the streams are independent)
     * @throws IllegalStateException when a connection cannot be opened or fails for good
     */
    static OpenLoopResult run(List<TrafficGroup> groups, HttpTarget[] targets, AccountIds[] accounts,
            int warmupSeconds, int durationSeconds, int eventLoops, SplittableRandom seeds,
            Consumer<String> progress) throws InterruptedException {
        int loopCount = loopsStarted(groups, eventLoops);
        List<SocketChannel> channels = new ArrayList<>();
        try {
            PhaseConnection[][][] connections = openConnections(groups, targets, loopCount, channels);
            progress.accept(String.format(Locale.ROOT, "open loop: %d group%s on %d event loop%s, %d s warm-up, "
                    + "%d s measured", groups.size(), groups.size() == 1 ? "" : "s", loopCount,
                    loopCount == 1 ? "" : "s", warmupSeconds, durationSeconds));
            PhaseWindow window = PhaseWindow.startingAt(System.nanoTime(), warmupSeconds, durationSeconds);
            LiveTally[] tallies = new LiveTally[groups.size()];
            for (int g = 0; g < tallies.length; g++) {
                tallies[g] = new LiveTally();
            }
            OpenLoopTraffic[] traffics = new OpenLoopTraffic[loopCount];
            EventLoop[] loops = new EventLoop[loopCount];
            for (int l = 0; l < loopCount; l++) {
                List<GroupLane> lanes = new ArrayList<>();
                for (int g = 0; g < groups.size(); g++) {
                    if (connections[l][g].length > 0) {
                        TrafficGroup group = groups.get(g);
                        LaneSchedule schedule = new LaneSchedule(window.startNanos(), group.intervalNanos(), l,
                                lanesOf(group, loopCount));
                        lanes.add(new GroupLane(group.name(), schedule, window, connections[l][g], accounts[g],
                                seeds.split(), tallies[g]));
                    }
                }
                traffics[l] = new OpenLoopTraffic(lanes.toArray(GroupLane[]::new));
                loops[l] = new EventLoop(traffics[l]);
            }
            EventLoopThreads threads = EventLoopThreads.start("http-bench-open", loops);
            try {
                if (!reportUntilOver(groups, window, tallies, threads, progress)) {
                    // A loop stopped early: stop the others too, merge reports why.
                    threads.interruptAll();
                }
                threads.joinAll();
            } catch (InterruptedException e) {
                threads.interruptAll();
                throw e;
            }
            return merge(groups, window, loops, traffics, warmupSeconds, durationSeconds);
        } finally {
            // The loops close the sockets they opened themselves; these are closed twice at most, harmlessly.
            for (SocketChannel channel : channels) {
                PhaseRunner.closeQuietly(channel);
            }
        }
    }

    /** The event loops started: each drives one connection at least. */
    static int loopsStarted(List<TrafficGroup> groups, int eventLoops) {
        int connectionsMax = 0;
        for (TrafficGroup group : groups) {
            connectionsMax = Math.max(connectionsMax, group.connectionsMax());
        }
        return Math.min(eventLoops, connectionsMax);
    }

    /** A group runs on as many loops as it has connections, up to all of them. */
    static int lanesOf(TrafficGroup group, int loopCount) {
        return Math.min(loopCount, group.connectionsMax());
    }

    /** Lane {@code lane}'s share of the group's connections: the lanes' shares differ by one at most. */
    static int connectionsOfLane(TrafficGroup group, int lane, int lanes) {
        return group.connectionsMax() / lanes + (lane < group.connectionsMax() % lanes ? 1 : 0);
    }

    /**
     * Each loop's connections, by loop and group (empty where the group has no lane on the loop),
     * numbered 0, 1, 2, ... across the loop's lanes. The first of each lane is connected here, so
     * that an unreachable server fails before the clock starts; its channel goes to {@code channels}.
     */
    private static PhaseConnection[][][] openConnections(List<TrafficGroup> groups, HttpTarget[] targets,
            int loopCount, List<SocketChannel> channels) {
        PhaseConnection[][][] connections = new PhaseConnection[loopCount][groups.size()][];
        for (int l = 0; l < loopCount; l++) {
            int index = 0;
            for (int g = 0; g < groups.size(); g++) {
                TrafficGroup group = groups.get(g);
                int lanes = lanesOf(group, loopCount);
                int count = l < lanes ? connectionsOfLane(group, l, lanes) : 0;
                connections[l][g] = new PhaseConnection[count];
                for (int c = 0; c < count; c++) {
                    SocketChannel channel = null;
                    if (c == 0) {
                        channel = targets[g].openChannel();
                        channels.add(channel);
                    }
                    connections[l][g][c] = new PhaseConnection(index++, targets[g].address(), channel,
                            TransferRequestTemplate.of(targets[g], TransferEndpoint.SINGLE, 1, UuidVersion.V7));
                }
            }
        }
        return connections;
    }

    /**
     * Prints a progress line every {@link PhaseRunner#PROGRESS_INTERVAL_NANOS} until the window is over.
     *
     * @return false when a loop ended before that (it failed), true when the window ran out
     */
    private static boolean reportUntilOver(List<TrafficGroup> groups, PhaseWindow window, LiveTally[] tallies,
            EventLoopThreads threads, Consumer<String> progress) throws InterruptedException {
        long lastNanos = window.startNanos();
        long[] lastAnswers = new long[tallies.length];
        long now = System.nanoTime();
        while (!window.isOver(now)) {
            if (!threads.allAlive()) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(PhaseRunner.PROGRESS_INTERVAL_NANOS, window.endNanos() - now));
            now = System.nanoTime();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "open loop: %.0f/%.0f s",
                    PhaseRunner.secondsBetween(window.startNanos(), now),
                    PhaseRunner.secondsBetween(window.startNanos(), window.endNanos())));
            for (int g = 0; g < tallies.length; g++) {
                long answers = tallies[g].answers();
                // The tally's failures are the answers other than 2xx, and requests without an answer.
                line.append(String.format(Locale.ROOT, "; %s: %,.0f answers/s, %,d not 2xx", groups.get(g).name(),
                        (answers - lastAnswers[g]) * 1e9 / Math.max(1, now - lastNanos),
                        tallies[g].failedTransfers()));
                lastAnswers[g] = answers;
            }
            progress.accept(line.toString());
            lastNanos = now;
        }
        return true;
    }

    private static OpenLoopResult merge(List<TrafficGroup> groups, PhaseWindow window, EventLoop[] loops,
            OpenLoopTraffic[] traffics, int warmupSeconds, int durationSeconds) {
        Map<String, GroupTotals> byGroup = new LinkedHashMap<>();
        for (TrafficGroup group : groups) {
            byGroup.put(group.name(), new GroupTotals());
        }
        // Failures first: the other loops were interrupted because of one, and left their lanes unfinished.
        for (int l = 0; l < loops.length; l++) {
            Throwable failure = loops[l].failure();
            if (failure != null) {
                int connection = loops[l].failedConnection();
                String who = connection >= 0 ? "group " + traffics[l].groupOf(connection) + " connection " + connection
                        + " of event loop " + l : "event loop " + l;
                throw new IllegalStateException("open loop: " + who + " stopped early: " + failure, failure);
            }
        }
        for (int l = 0; l < loops.length; l++) {
            for (GroupLane lane : traffics[l].lanes()) {
                if (!lane.isDone()) {
                    // Only a loop ended by an Error (which it does not catch) leaves its lanes unfinished.
                    throw new IllegalStateException("open loop: event loop " + l + " ended before group "
                            + lane.group() + "'s run did");
                }
                byGroup.get(lane.group()).merge(lane.totals());
            }
        }
        List<GroupResult> results = new ArrayList<>();
        for (TrafficGroup group : groups) {
            GroupTotals totals = byGroup.get(group.name());
            totals.requireBalanced(group.name());
            results.add(GroupResult.of(group, window.measuredSeconds(), totals));
        }
        return new OpenLoopResult(results, warmupSeconds, durationSeconds, loops.length);
    }
}
