package dev.settle.bench.http;

import dev.settle.bench.JsonLine;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one open-loop run measured, one {@link GroupResult} per traffic group, in the order given.
 *
 * @param eventLoops the generator's threads that ran (fewer than asked when the groups have fewer connections)
 */
public record OpenLoopResult(List<GroupResult> groups, int warmupSeconds, int durationSeconds, int eventLoops) {
    public OpenLoopResult {
        if (groups == null || groups.isEmpty() || eventLoops < 1) {
            throw new IllegalArgumentException("a result needs a group and an event loop at least");
        }
        groups = List.copyOf(groups);
    }

    /**
     * The result of the group named {@code name}.
     *
     * @throws IllegalArgumentException when no group has that name
     */
    public GroupResult group(String name) {
        for (GroupResult group : groups) {
            if (group.name().equals(name)) {
                return group;
            }
        }
        throw new IllegalArgumentException("no traffic group is named " + name);
    }

    /**
     * The result as one line of JSON, for example (one line, wrapped here):
     * <pre>
     * {"bench":"http_open_loop","warmup_seconds":2,"duration_seconds":10,"event_loops":1,
     *  "backlog_seconds_max":1.000,"groups":{"steady":{"target_per_second":200.000,
     *  "success_per_second":199.800,"rate_limited_share":0.000,"scheduled":2000,"sent":2000,
     *  "dropped_by_generator":0,"unsent_at_end":0,"answers":{"2xx":1998,"429":0,"503":2,"other":0},
     *  "connection_errors":0,"answers_with_retry_after":2,"latency_micros":{"p50":…,"p90":…,"p99":…,
     *  "p999":…,"max":…},"send_delay_micros":{"p99":…,"max":…},"connections_max":16,"accounts":100},
     *  "flood":{…}}}
     * </pre>
     * A group with an unexpected answer or a connection error also has {@code "first_error"}.
     */
    public String toJsonLine() {
        JsonLine byName = new JsonLine();
        for (GroupResult group : groups) {
            byName.field(group.name(), group.toJson());
        }
        return new JsonLine().field("bench", "http_open_loop").field("warmup_seconds", warmupSeconds)
                .field("duration_seconds", durationSeconds).field("event_loops", eventLoops)
                .field("backlog_seconds_max", GroupLane.BACKLOG_NANOS_MAX / (double) TimeUnit.SECONDS.toNanos(1))
                .field("groups", byName).toString();
    }
}
