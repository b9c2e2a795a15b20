package dev.settle.bench.http;

import java.io.IOException;

/**
 * The open loop on one {@link EventLoop}: a lane of each traffic group ({@link GroupLane}), each
 * sending on its own fixed schedule. The loop's timer wakes up for the earliest send due among
 * them; an answer or a failure goes to the lane that owns the connection.
 *
 * <p>Single writer: its event loop's thread alone touches it.
 */
final class OpenLoopTraffic implements LoopTraffic {
    private final GroupLane[] lanes;
    private final PhaseConnection[] connections;
    /** The lane of each connection, by {@link PhaseConnection#index}. */
    private final GroupLane[] laneOfConnection;

    /** @param lanes whose connections are numbered 0, 1, 2, ... across the lanes, in order */
    OpenLoopTraffic(GroupLane[] lanes) {
        int count = 0;
        for (GroupLane lane : lanes) {
            count += lane.connections().length;
        }
        this.lanes = lanes.clone();
        this.connections = new PhaseConnection[count];
        this.laneOfConnection = new GroupLane[count];
        int index = 0;
        for (GroupLane lane : lanes) {
            for (PhaseConnection connection : lane.connections()) {
                if (connection.index() != index) {
                    throw new IllegalArgumentException("connection " + index + " of an event loop has index "
                            + connection.index());
                }
                connections[index] = connection;
                laneOfConnection[index] = lane;
                index++;
            }
        }
    }

    @Override
    public PhaseConnection[] connections() {
        return connections;
    }

    @Override
    public void start(EventLoop loop, long nowNanos) {
        for (GroupLane lane : lanes) {
            lane.start(loop);
        }
    }

    @Override
    public void answered(PhaseConnection connection, long answeredNanos) {
        laneOfConnection[connection.index()].answered(connection, answeredNanos);
    }

    @Override
    public void unanswered(PhaseConnection connection, IOException cause, long failedNanos) {
        laneOfConnection[connection.index()].unanswered(connection, cause, failedNanos);
    }

    @Override
    public long sendDue(long nowNanos) {
        long dueInNanos = NOTHING_DUE_NANOS;
        for (GroupLane lane : lanes) {
            dueInNanos = Math.min(dueInNanos, lane.sendDue(nowNanos));
        }
        return dueInNanos;
    }

    @Override
    public boolean isDone() {
        for (GroupLane lane : lanes) {
            if (!lane.isDone()) {
                return false;
            }
        }
        return true;
    }

    GroupLane[] lanes() {
        return lanes.clone();
    }

    /** The group whose lane owns connection {@code index}. */
    String groupOf(int index) {
        return laneOfConnection[index].group();
    }
}
