package dev.settle.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.replication.ReplicationConfig.ConfigException;
import dev.settle.replication.ReplicationConfig.Peer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation names every problem, with the value given and the bounds. */
class ReplicationConfigTest {
    private static final String PEERS = "a=127.0.0.1:7001,b=127.0.0.1:7002,c=[::1]:7003";

    private static ReplicationConfig.Builder valid() {
        return ReplicationConfig.builder().clusterName("prod-eu").nodeId("a").peers(PEERS)
                .storageDir(Path.of("/var/lib/settle"));
    }

    private static List<String> problems(ReplicationConfig.Builder builder) {
        try {
            builder.build();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("replication config: ").contains(e.problems().get(0));
            return e.problems();
        }
        throw new AssertionError("built without a problem");
    }

    @Test
    void aValidConfigKeepsItsPeersInOrderWithDefaults() {
        ReplicationConfig config = valid().build();
        assertThat(config.peers()).containsExactly(new Peer("a", "127.0.0.1", 7001), new Peer("b", "127.0.0.1", 7002),
                new Peer("c", "::1", 7003));
        assertThat(config.self()).isEqualTo(new Peer("a", "127.0.0.1", 7001));
        assertThat(config.peers().get(2).address()).isEqualTo("[::1]:7003");
        assertThat(config.electionTimeoutMin()).isEqualTo(ReplicationConfig.ELECTION_TIMEOUT_MIN_DEFAULT);
        assertThat(config.electionTimeoutMax()).isEqualTo(ReplicationConfig.ELECTION_TIMEOUT_MAX_DEFAULT);
        assertThat(config.submitTimeout()).isEqualTo(ReplicationConfig.SUBMIT_TIMEOUT_DEFAULT);
        assertThat(config.snapshotThresholdEntries()).isEqualTo(ReplicationConfig.SNAPSHOT_THRESHOLD_ENTRIES_DEFAULT);
        assertThat(config.logSegmentSizeBytes()).isEqualTo(ReplicationConfig.LOG_SEGMENT_SIZE_BYTES_DEFAULT);
    }

    @Test
    void theDefaultsSatisfyTheirOwnRules() {
        assertThat(ReplicationConfig.SUBMIT_TIMEOUT_DEFAULT)
                .isGreaterThanOrEqualTo(ReplicationConfig.ELECTION_TIMEOUT_MAX_DEFAULT.multipliedBy(2));
        assertThat(ReplicationConfig.ELECTION_TIMEOUT_MAX_DEFAULT)
                .isGreaterThan(ReplicationConfig.ELECTION_TIMEOUT_MIN_DEFAULT);
    }

    @Test
    void peersMustIncludeThisNode() {
        assertThat(problems(valid().nodeId("d")))
                .containsExactly("peers must include this node 'd', got [a=127.0.0.1:7001, b=127.0.0.1:7002, c=[::1]:7003]");
    }

    @Test
    void duplicateIdsAndAddressesAreNamed() {
        assertThat(problems(valid().peers("a=127.0.0.1:7001,a=127.0.0.1:7002,b=LOCALHOST:7003,c=localhost:7003")))
                .containsExactly("peer id a appears twice",
                        "peer address localhost:7003 appears twice (peer c)");
    }

    @Test
    void portsMustBeInRange() {
        assertThat(problems(valid().peers("a=127.0.0.1:0,b=127.0.0.1:65536,c=127.0.0.1:http")))
                .containsExactly("peer 'c=127.0.0.1:http': port must be a number 1..65535",
                        "peer a: port must be 1..65535, got 0",
                        "peer b: port must be 1..65535, got 65536");
    }

    @Test
    void malformedPeersAreNamedOneByOne() {
        assertThat(problems(valid().peers("a=127.0.0.1:7001,b127.0.0.1:7002,c=::1:7003,,d=:7004")))
                .containsExactly("peer 'b127.0.0.1:7002' must be id=host:port",
                        "peer 'c=::1:7003': an IPv6 host goes in brackets, as in id=[::1]:7001",
                        "peer '' must be id=host:port",
                        "peer 'd=:7004' must be id=host:port");
        assertThat(problems(valid().peers(""))).containsExactly(
                "peers must list id=host:port for every member, got nothing");
        assertThat(problems(valid().peers(List.of()))).containsExactly(
                "peers must list id=host:port for every member, got nothing");
    }

    @Test
    void idsAndNamesAreRestrictedToSafeCharacters() {
        assertThat(problems(valid().clusterName("prod eu").nodeId(null)))
                .containsExactly("cluster name must be 1..64 of letters, digits, '.', '_' and '-', got 'prod eu'",
                        "node id must be 1..64 of letters, digits, '.', '_' and '-', got nothing");
        assertThat(problems(valid().peers(List.of(new Peer("a", "127.0.0.1", 1), new Peer("b/c", " host", 2)))))
                .containsExactly("peer id must be 1..64 of letters, digits, '.', '_' and '-', got 'b/c'",
                        "peer b/c must name a host, got ' host'");
    }

    @Test
    void tooManyPeersAreRefused() {
        StringBuilder peers = new StringBuilder("a=h:1");
        for (int i = 2; i <= ReplicationConfig.PEERS_MAX + 1; i++) {
            peers.append(",p").append(i).append("=h:").append(i);
        }
        assertThat(problems(valid().peers(peers.toString()))).containsExactly("peers must be 1..9 members, got 10");
    }

    @Test
    void timeoutsMustBeInRangeAndInOrder() {
        assertThat(problems(valid().electionTimeout(Duration.ofMillis(10), Duration.ofMinutes(2))))
                .containsExactly("election timeout min must be 50..60000 ms, got 10 ms",
                        "election timeout max must be 50..60000 ms, got 120000 ms");
        assertThat(problems(valid().electionTimeout(Duration.ofMillis(800), Duration.ofMillis(800))))
                .containsExactly("election timeout max (800 ms) must be greater than min (800 ms),"
                        + " so that members time out at different moments");
        assertThat(problems(valid().electionTimeout(Duration.ofMillis(500), Duration.ofMillis(1500))
                .submitTimeout(Duration.ofMillis(2000))))
                .containsExactly("submit timeout (2000 ms) must be at least twice the election timeout max"
                        + " (3000 ms), to outlive one failover");
        assertThat(problems(valid().submitTimeout(null))).containsExactly("submit timeout must be 50..600000 ms, got nothing");
    }

    @Test
    void sizesMustBeInRange() {
        assertThat(problems(valid().snapshotThresholdEntries(1).logSegmentSizeBytes(2L << 30)))
                .containsExactly("snapshot threshold (entries) must be 16..10000000, got 1",
                        "log segment size (bytes) must be 65536..1073741824, got 2147483648");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problems(ReplicationConfig.builder());
        assertThat(problems).containsExactly(
                "peers must list id=host:port for every member, got nothing",
                "cluster name must be 1..64 of letters, digits, '.', '_' and '-', got nothing",
                "node id must be 1..64 of letters, digits, '.', '_' and '-', got nothing",
                "storage dir must be set");
    }

    @Test
    void theRecordChecksItselfWhenMadeWithoutTheBuilder() {
        assertThatThrownBy(() -> new ReplicationConfig("c", "z", List.of(new Peer("a", "h", 1)), Path.of("/d"),
                Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofSeconds(5), 100, 1 << 20))
                .isInstanceOf(ConfigException.class)
                .hasMessage("replication config: peers must include this node 'z', got [a=h:1]");
        assertThatThrownBy(() -> new ReplicationConfig("c", "a", null, Path.of("/d"), Duration.ofMillis(500),
                Duration.ofMillis(1000), Duration.ofSeconds(5), 100, 1 << 20))
                .hasMessage("replication config: peers must list id=host:port for every member, got nothing");
    }

    @Test
    void parsePeersAloneGivesTheSameMessages() {
        assertThatThrownBy(() -> ReplicationConfig.parsePeers("x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("replication config: peer 'x' must be id=host:port");
    }

    @Test
    void groupIdsAreDerivedFromClusterAndPod() {
        assertThat(RaftNode.groupId("prod-eu", 3)).isEqualTo(RaftNode.groupId("prod-eu", 3))
                .isNotEqualTo(RaftNode.groupId("prod-eu", 4))
                .isNotEqualTo(RaftNode.groupId("prod-us", 3));
        // Fixed forever: a node that derived another id would not find its group's storage.
        assertThat(RaftNode.groupId("prod-eu", 3).toString()).isEqualTo(
                java.util.UUID.nameUUIDFromBytes("settle-pod:prod-eu:3".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString());
        assertThatThrownBy(() -> RaftNode.groupId("prod-eu", -1)).hasMessage("pod number must be 0..1023, got -1");
    }
}
