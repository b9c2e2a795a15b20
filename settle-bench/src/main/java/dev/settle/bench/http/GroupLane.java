package dev.settle.bench.http;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One traffic group's share of the open loop on one {@link EventLoop}: its schedule, its backlog
 * and its connections. Requests come due on the {@link LaneSchedule}, whatever the server does;
 * a due request goes out at once on an idle connection, or waits in the backlog for the next one
 * to come free. Its latency runs from when it was due, not from when it was sent, so time spent
 * waiting for a connection the server keeps busy counts (the coordinated-omission correction).
 *
 * <p>The backlog holds {@link #BACKLOG_NANOS_MAX} of requests at most; beyond that the oldest are
 * dropped and counted as such. Because requests are numbered and their due times computed, the
 * backlog is just the range of numbers {@code [left, due)} and needs no storage: dropping the
 * oldest keeps it a range. A dropped request would have been the latest to be answered anyway.
 *
 * <pre>
 *   request numbers:  0 ........ left ...... due ........ end
 *                     |  sent,    | backlog   | not yet    |
 *                     |  dropped  | (waiting) | due        |
 *                     |  or unsent|           |            |
 * </pre>
 *
 * Requests due in the measured window, numbers {@code [firstMeasured, end)}, are measured,
 * whenever their answers come. At the window's end nothing more comes due, the backlog is counted
 * as unsent, and the lane waits for the answers in flight. Retry-After is counted, never obeyed:
 * the traffic a scenario needs (a flood at ten times a rate limit) is a client that ignores it.
 *
 * <p>Single writer: its event loop's thread alone touches it; the group's {@link LiveTally} is the
 * only thing others see while it runs.
 */
final class GroupLane {
    /** A second of requests: a wait longer than that says enough, and the backlog stays bounded. */
    static final long BACKLOG_NANOS_MAX = TimeUnit.SECONDS.toNanos(1);
    /** Characters of an unexpected answer's body kept to explain it. */
    static final int ERROR_TEXT_CHARS_MAX = 500;

    private final String group;
    private final LaneSchedule schedule;
    private final PhaseWindow window;
    private final AccountIds accounts;
    private final SplittableRandom random;
    private final LiveTally tally;
    private final GroupTotals totals = new GroupTotals();
    private final PhaseConnection[] connections;
    /** The {@link PhaseConnection#index} of {@code connections[0]}; the others follow it. */
    private final int firstConnectionIndex;
    /** The due time of each connection's request in flight. */
    private final long[] dueNanosOfConnection;
    /** A stack of the idle connections' slots: the most recently used first, so few stay busy when few are needed. */
    private final int[] idleSlots;
    private int idleCount;
    private final long backlogMax;
    private final long firstMeasured;
    private final long end;
    /** Requests [0, due) have come due. */
    private long due;
    /** Requests [0, left) have left the backlog: sent, dropped or unsent. */
    private long left;
    private boolean ended;
    private EventLoop loop;

    /**
     * @param connections the lane's connections, their indices consecutive; the first is
     *     connected already, the others connect on their first send
     */
    GroupLane(String group, LaneSchedule schedule, PhaseWindow window, PhaseConnection[] connections,
            AccountIds accounts, SplittableRandom random, LiveTally tally) {
        if (connections.length == 0 || schedule.startNanos() != window.startNanos()) {
            throw new IllegalArgumentException("group " + group + ": a lane needs a connection and a schedule that "
                    + "starts with the window");
        }
        for (int slot = 0; slot < connections.length; slot++) {
            if (connections[slot].index() != connections[0].index() + slot) {
                throw new IllegalArgumentException("group " + group + ": a lane's connection indices must be consecutive");
            }
        }
        this.group = group;
        this.schedule = schedule;
        this.window = window;
        this.accounts = accounts;
        this.random = random;
        this.tally = tally;
        this.connections = connections.clone();
        this.firstConnectionIndex = connections[0].index();
        this.dueNanosOfConnection = new long[connections.length];
        this.idleSlots = new int[connections.length];
        // Slot 0, the one connected already, on top.
        for (int slot = 0; slot < connections.length; slot++) {
            idleSlots[slot] = connections.length - 1 - slot;
        }
        this.idleCount = connections.length;
        this.backlogMax = Math.max(1, (long) Math.ceil(BACKLOG_NANOS_MAX / schedule.intervalNanos()));
        this.firstMeasured = schedule.firstDueAtOrAfter(window.measureFromNanos());
        this.end = schedule.firstDueAtOrAfter(window.endNanos());
        totals.scheduled(end - firstMeasured);
    }

    String group() {
        return group;
    }

    PhaseConnection[] connections() {
        return connections;
    }

    GroupTotals totals() {
        return totals;
    }

    void start(EventLoop eventLoop) {
        loop = eventLoop;
    }

    /**
     * Admits the requests due by {@code nowNanos}, sends as many as idle connections allow, and
     * ends the lane once the window is over.
     *
     * @return nanoseconds until the lane next needs the loop's timer, or {@link LoopTraffic#NOTHING_DUE_NANOS}
     */
    long sendDue(long nowNanos) {
        admitDue(nowNanos);
        sendBacklog();
        if (!ended && window.isOver(nowNanos)) {
            end();
        }
        if (due < end) {
            return schedule.dueNanos(due) - nowNanos;
        }
        return ended ? LoopTraffic.NOTHING_DUE_NANOS : window.endNanos() - nowNanos;
    }

    void answered(PhaseConnection connection, long answeredNanos) {
        int slot = slotOf(connection);
        long dueNanos = dueNanosOfConnection[slot];
        HttpResponse response = connection.response();
        int status = response.status();
        tally.add(GroupTotals.isSuccess(status) ? 0 : 1);
        if (window.measures(dueNanos)) {
            totals.answered(status, response.retryAfterSeconds() != HttpResponse.NO_RETRY_AFTER,
                    answeredNanos - dueNanos);
            if (GroupTotals.isError(status) && !totals.hasError()) {
                totals.error(answeredNanos, "HTTP " + status + ": " + response.bodyText(ERROR_TEXT_CHARS_MAX));
            }
        }
        idleSlots[idleCount++] = slot;
        sendBacklog();
    }

    void unanswered(PhaseConnection connection, IOException cause, long failedNanos) {
        if (release(connection, cause, failedNanos)) {
            sendBacklog();
        }
    }

    /** Whether nothing more will be sent and no request is in flight. */
    boolean isDone() {
        return ended && idleCount == connections.length;
    }

    /** Bounded: over the whole run {@code due} rises to {@code end} at most. */
    private void admitDue(long nowNanos) {
        while (due < end && schedule.dueNanos(due) - nowNanos <= 0) {
            due++;
        }
        long overflow = due - left - backlogMax;
        if (overflow > 0) {
            totals.dropped(measuredAmong(left, left + overflow));
            left += overflow;
        }
    }

    /** Bounded by the backlog: every pass takes one request out of it. */
    private void sendBacklog() {
        while (left < due && idleCount > 0 && !loop.stopped()) {
            send(idleSlots[--idleCount]);
        }
    }

    private void send(int slot) {
        PhaseConnection connection = connections[slot];
        long dueNanos = schedule.dueNanos(left);
        left++;
        dueNanosOfConnection[slot] = dueNanos;
        // Time-ordered ids carry the wall clock; the send is timed on the monotonic one, after the filling.
        connection.request().fill(random, accounts, System.currentTimeMillis());
        long sentNanos = System.nanoTime();
        if (window.measures(dueNanos)) {
            totals.sent(sentNanos - dueNanos);
        }
        try {
            loop.send(connection, sentNanos);
        } catch (IOException e) {
            release(connection, e, System.nanoTime());
        }
    }

    /**
     * Counts the connection's request as a connection error and hands the connection back to the
     * loop, which closes it.
     *
     * @return whether the connection is idle again (false: the loop stops)
     */
    private boolean release(PhaseConnection connection, IOException cause, long failedNanos) {
        int slot = slotOf(connection);
        tally.add(1);
        if (window.measures(dueNanosOfConnection[slot])) {
            totals.connectionError();
            totals.error(failedNanos, "no answer: " + cause);
        }
        if (!loop.afterFailure(connection, cause)) {
            return false;
        }
        idleSlots[idleCount++] = slot;
        return true;
    }

    /** The window is over: the backlog is counted as unsent and nothing more is sent. */
    private void end() {
        if (due != end) {
            throw new IllegalStateException("group " + group + ": request " + due + " of " + end
                    + " not yet due at the window's end");
        }
        totals.unsent(measuredAmong(left, end));
        left = end;
        ended = true;
    }

    /** How many of requests {@code [from, to)} are measured. */
    private long measuredAmong(long from, long to) {
        return Math.max(0, Math.min(to, end) - Math.max(from, firstMeasured));
    }

    private int slotOf(PhaseConnection connection) {
        int slot = connection.index() - firstConnectionIndex;
        if (slot < 0 || slot >= connections.length || connections[slot] != connection) {
            throw new IllegalStateException("group " + group + ": connection " + connection.index()
                    + " is not one of this lane's");
        }
        return slot;
    }
}
