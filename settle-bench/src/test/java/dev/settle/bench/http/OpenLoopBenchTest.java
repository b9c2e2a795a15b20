package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Runs the open loop for a few seconds against {@link TrafficStubServer}; no assertion depends on tight timing. */
class OpenLoopBenchTest {
    private static final int ACCOUNTS = 4;
    private static final int CONNECTIONS = 8;

    private static TrafficGroup group(String name, URI baseUri, String key, double ratePerSecond, int connections) {
        return new TrafficGroup(name, baseUri, key, ratePerSecond, connections, ACCOUNTS);
    }

    /** Every measured request ended exactly one way. */
    private static void assertBalanced(GroupResult group) {
        assertThat(group.sent()).as(group.name() + " sent")
                .isEqualTo(group.answers2xx() + group.answers429() + group.answers503() + group.answersOther()
                        + group.connectionErrors());
        assertThat(group.scheduled()).as(group.name() + " scheduled")
                .isEqualTo(group.sent() + group.droppedByGenerator() + group.unsentAtEnd());
    }

    @Test
    void aSteadyTenantAndAFloodedOneAreMeasuredApart() throws Exception {
        int warmupSeconds = 1;
        int durationSeconds = 2;
        List<String> progress = new CopyOnWriteArrayList<>();
        OpenLoopResult result;
        long floodedSeen;
        long accountAnswers429;
        try (TrafficStubServer server = TrafficStubServer.start()) {
            List<TrafficGroup> groups = List.of(
                    group("steady", server.baseUri(), TrafficStubServer.GOOD_KEY, 200, CONNECTIONS),
                    group("flood", server.baseUri(), TrafficStubServer.FLOODED_KEY, 500, CONNECTIONS));
            result = OpenLoopBench.run(groups, warmupSeconds, durationSeconds, 1, progress::add);
            floodedSeen = server.transfersSeen(TrafficStubServer.FLOODED_KEY);
            accountAnswers429 = server.accountAnswers429();
        }

        GroupResult steady = result.group("steady");
        assertBalanced(steady);
        // The schedule is arithmetic: 200/s over 2 s is 400 requests, whatever the timing.
        assertThat(steady.scheduled()).isBetween(399L, 401L);
        assertThat(steady.answers2xx()).isEqualTo(steady.answers()).isPositive();
        assertThat(steady.connectionErrors()).isZero();
        assertThat(steady.droppedByGenerator()).isZero();
        assertThat(steady.successPerSecond()).isBetween(100.0, 300.0);
        assertThat(steady.rateLimitedShare()).isZero();
        assertThat(steady.latencyMicrosP50()).isPositive().isLessThanOrEqualTo(steady.latencyMicrosP99());
        assertThat(steady.latencyMicrosP99()).isLessThanOrEqualTo(steady.latencyMicrosMax());
        assertThat(steady.firstError()).isNull();

        GroupResult flood = result.group("flood");
        assertBalanced(flood);
        assertThat(flood.scheduled()).isBetween(999L, 1_001L);
        assertThat(flood.answers429()).isEqualTo(flood.answers()).isPositive();
        assertThat(flood.rateLimitedShare()).isCloseTo(1.0, within(1e-9));
        assertThat(flood.answersWithRetryAfter()).isEqualTo(flood.answers());
        assertThat(flood.successPerSecond()).isZero();
        // Obeying Retry-After: 1 would have sent a few requests per connection per second, not hundreds.
        assertThat(flood.sent()).isGreaterThan(flood.scheduled() / 2);
        assertThat(floodedSeen).isGreaterThanOrEqualTo(flood.sent());
        assertThat(flood.firstError()).as("429 is what a flood provokes, not an error").isNull();
        // The setup, unlike the flood, waited and asked again.
        assertThat(accountAnswers429).isEqualTo(1);

        JsonNode json = new ObjectMapper().readTree(result.toJsonLine());
        assertThat(json.get("bench").asText()).isEqualTo("http_open_loop");
        assertThat(json.get("duration_seconds").asInt()).isEqualTo(durationSeconds);
        assertThat(json.get("groups").size()).isEqualTo(2);
        JsonNode steadyJson = json.get("groups").get("steady");
        assertThat(steadyJson.get("answers").get("2xx").asLong()).isEqualTo(steady.answers2xx());
        assertThat(steadyJson.get("scheduled").asLong()).isEqualTo(steady.scheduled());
        assertThat(steadyJson.get("latency_micros").get("p99").asDouble()).isPositive();
        JsonNode floodJson = json.get("groups").get("flood");
        assertThat(floodJson.get("answers").get("429").asLong()).isEqualTo(flood.answers429());
        assertThat(floodJson.get("rate_limited_share").asDouble()).isEqualTo(1.0);
        assertThat(floodJson.has("first_error")).isFalse();

        assertThat(progress).anyMatch(line -> line.startsWith("setup steady: "))
                .anyMatch(line -> line.startsWith("open loop: 2 groups on 1 event loop"))
                .anyMatch(line -> line.startsWith("flood: "));
    }

    @Test
    void latencyRunsFromTheDueTimeAndAnOverflowingBacklogIsDropped() throws Exception {
        OpenLoopResult result;
        try (TrafficStubServer server = TrafficStubServer.start()) {
            // One connection answered every 200 ms carries 5 requests/s of the 50 scheduled.
            result = OpenLoopBench.run(List.of(group("slow", server.baseUri(), TrafficStubServer.SLOW_KEY, 50, 1)),
                    0, 2, 1, line -> {});
        }

        GroupResult slow = result.group("slow");
        assertBalanced(slow);
        assertThat(slow.answers2xx()).isPositive().isLessThan(slow.scheduled() / 2);
        // The backlog holds a second (50 requests); the rest of the shortfall is dropped and said so.
        assertThat(slow.droppedByGenerator()).isPositive();
        assertThat(slow.unsentAtEnd()).isPositive().isLessThanOrEqualTo(50);
        // Timed from when they were sent, the answers would take about 200 ms each; from when they
        // were due, the waits in the backlog count too.
        assertThat(slow.latencyMicrosMax()).isGreaterThan(2.0 * TrafficStubServer.SLOW_ANSWER_MILLIS * 1_000);
        assertThat(slow.sendDelayMicrosMax()).isGreaterThan(slow.latencyMicrosP50() / 2);
        assertThat(result.toJsonLine()).contains("\"slow\":{", "\"dropped_by_generator\":" + slow.droppedByGenerator());
    }

    @Test
    void aServerGoneDuringTheRunFailsItInsteadOfCountingErrorsForever() throws Exception {
        TrafficStubServer server = TrafficStubServer.start();
        List<TrafficGroup> groups = List.of(group("steady", server.baseUri(), TrafficStubServer.GOOD_KEY, 200, 2));
        // The connections are open when the server goes: each request fails, each reconnection is refused.
        assertThatThrownBy(() -> OpenLoopBench.run(groups, 0, 600, 1, line -> {
            if (line.startsWith("open loop: 1 group")) {
                server.close();
            }
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("group steady connection")
                .hasMessageContaining("stopped early");
    }

    @Test
    void badSettingsFailBeforeAnyConnection() {
        URI uri = URI.create("http://127.0.0.1:1");
        TrafficGroup a = group("a", uri, "sk_a", 10, 1);

        assertThatThrownBy(() -> OpenLoopBench.run(List.of(a, group("a", uri, "sk_b", 10, 1)), 0, 1, 1, line -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a\" twice");
        assertThatThrownBy(() -> OpenLoopBench.run(List.of(), 0, 1, 1, line -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traffic groups");
        assertThatThrownBy(() -> OpenLoopBench.run(List.of(a), 0, 0, 1, line -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration seconds");
        assertThatThrownBy(() -> group("A b", uri, "sk_a", 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> group("a", uri, "sk_a", 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
        assertThatThrownBy(() -> group("a", uri, "sk_a", 10, TrafficGroup.CONNECTIONS_MAX + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connections");
        assertThat(a.toString()).doesNotContain("sk_a");
    }
}
