package dev.settle.replication;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one node takes part in replication: who it is, who its peers are, where its Raft logs live,
 * and the few timings and sizes worth a knob. Built by name ({@link #builder}) and checked all
 * together when built: every problem is named in one message, with the value given. Sealed once
 * built. The settings these derive for Ratis are in {@code RatisProperties}, in one place.
 *
 * @param clusterName names the cluster; with a pod number it fixes the pod's Raft group id, so every
 *     node of one cluster must use the same name, and two clusters must not
 * @param nodeId this node's id, one of {@code peers}
 * @param peers every member of every group, this node included, in the order given
 * @param storageDir where this node keeps its Raft logs and snapshots ({@code storageDir/raft})
 * @param electionTimeoutMin a follower that has not heard from a leader for a random time between
 *     min and max starts an election: failover takes about that long
 * @param electionTimeoutMax see {@code electionTimeoutMin}; greater than it, so that elections spread
 * @param submitTimeout a submit or read barrier not done by then fails with
 *     {@link ReplicationUnavailableException}; at least two election timeouts, to outlive one failover
 * @param snapshotThresholdEntries a member snapshots its state every this many applied entries and
 *     then purges its log up to the snapshot (keeping half a threshold for lagging followers)
 * @param logSegmentSizeBytes the size at which a Raft log segment file is closed; only closed
 *     segments can be purged
 */
public record ReplicationConfig(String clusterName, String nodeId, List<Peer> peers, Path storageDir,
        Duration electionTimeoutMin, Duration electionTimeoutMax, Duration submitTimeout,
        long snapshotThresholdEntries, long logSegmentSizeBytes) {

    /** The largest entry {@link ReplicatedGroup#submit} takes: a pod batch of ~1–2 MB with room to spare. */
    public static final int ENTRY_SIZE_BYTES_MAX = 4 * 1024 * 1024;
    /** Peers per group: Raft wants an odd number; nine tolerate four failures, more only slow commits. */
    public static final int PEERS_MAX = 9;
    public static final int PORT_MAX = 65_535;
    public static final int ID_CHARS_MAX = 64;
    /** Ids and cluster names go into thread names, metrics and file names: letters, digits, '.', '_', '-'. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1," + ID_CHARS_MAX + "}");

    /**
     * Measured on this project's 2-core machine (docs/decisions/0013): with 500–1,000 ms a new leader
     * was ready a median 0.95 s after the leader's process was killed, with no unprovoked election;
     * Ratis' 150–300 ms failed over in 0.34 s but held three unprovoked elections in the same run.
     */
    public static final Duration ELECTION_TIMEOUT_MIN_DEFAULT = Duration.ofMillis(500);
    public static final Duration ELECTION_TIMEOUT_MAX_DEFAULT = Duration.ofMillis(1_000);
    /** Below 50 ms a timeout is shorter than a scheduling hiccup; above a minute, failover is an outage. */
    public static final Duration ELECTION_TIMEOUT_LIMIT_MIN = Duration.ofMillis(50);
    public static final Duration ELECTION_TIMEOUT_LIMIT_MAX = Duration.ofSeconds(60);
    public static final Duration SUBMIT_TIMEOUT_DEFAULT = Duration.ofSeconds(5);
    public static final Duration SUBMIT_TIMEOUT_MAX = Duration.ofMinutes(10);
    /** Log bytes between snapshots: at most this many entries of at most {@link #ENTRY_SIZE_BYTES_MAX}. */
    public static final long SNAPSHOT_THRESHOLD_ENTRIES_DEFAULT = 8_192;
    public static final long SNAPSHOT_THRESHOLD_ENTRIES_MIN = 16;
    public static final long SNAPSHOT_THRESHOLD_ENTRIES_MAX = 10_000_000;
    /** Ratis' own default (raised upstream from 8 MB for throughput). */
    public static final long LOG_SEGMENT_SIZE_BYTES_DEFAULT = 32L * 1024 * 1024;
    public static final long LOG_SEGMENT_SIZE_BYTES_MIN = 64L * 1024;
    public static final long LOG_SEGMENT_SIZE_BYTES_MAX = 1024L * 1024 * 1024;

    /** Checks every setting, whichever way the config is made. @throws ConfigException naming each problem */
    public ReplicationConfig {
        List<String> problems = new ArrayList<>();
        if (peers == null || peers.isEmpty()) {
            problems.add("peers must list id=host:port for every member, got nothing");
        }
        peers = peers == null ? List.of() : List.copyOf(peers);
        Builder.check(clusterName, nodeId, peers, storageDir, electionTimeoutMin, electionTimeoutMax, submitTimeout,
                snapshotThresholdEntries, logSegmentSizeBytes, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Settings for this node, each at its default until set; cluster name, id, peers and storage must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** This node's own entry in {@link #peers}. */
    public Peer self() {
        for (Peer peer : peers) {
            if (peer.id().equals(nodeId)) {
                return peer;
            }
        }
        throw new IllegalStateException("node " + nodeId + " is not among the peers: the builder checks this");
    }

    /** One member: its id and the address the others reach it at. */
    public record Peer(String id, String host, int port) {
        /** {@code host:port}, IPv6 hosts in brackets. */
        public String address() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String toString() {
            return id + "=" + address();
        }
    }

    /**
     * Parses {@code id=host:port,id=host:port,…} (IPv6 hosts in brackets). Every problem found is
     * named, so a typo gives one clear message.
     *
     * @throws ConfigException when an item is not of that form
     */
    public static List<Peer> parsePeers(String text) {
        List<String> problems = new ArrayList<>();
        List<Peer> peers = parsePeers(text, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return peers;
    }

    private static List<Peer> parsePeers(String text, List<String> problems) {
        List<Peer> peers = new ArrayList<>();
        if (text == null || text.isBlank()) {
            problems.add("peers must list id=host:port for every member, got nothing");
            return peers;
        }
        for (String item : text.split(",", -1)) {
            Peer peer = parsePeer(item.strip(), problems);
            if (peer != null) {
                peers.add(peer);
            }
        }
        return peers;
    }

    private static Peer parsePeer(String item, List<String> problems) {
        int equals = item.indexOf('=');
        int colon = item.lastIndexOf(':');
        if (equals <= 0 || colon < equals + 2 || colon == item.length() - 1) {
            problems.add("peer '" + item + "' must be id=host:port");
            return null;
        }
        String id = item.substring(0, equals);
        String host = item.substring(equals + 1, colon);
        if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            problems.add("peer '" + item + "': an IPv6 host goes in brackets, as in id=[::1]:7001");
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(item.substring(colon + 1));
        } catch (NumberFormatException e) {
            problems.add("peer '" + item + "': port must be a number 1.." + PORT_MAX);
            return null;
        }
        return new Peer(id, host, port);
    }

    /** Settings outside their bounds; the message names each one, its value and its bounds. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        ConfigException(List<String> problems) {
            super("replication config: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        /** Each problem, one sentence each. */
        public List<String> problems() {
            return problems;
        }
    }

    /** Collects settings by name; {@link #build} checks them together. */
    public static final class Builder {
        private String clusterName;
        private String nodeId;
        private List<Peer> peers;
        private String peersText;
        private Path storageDir;
        private Duration electionTimeoutMin = ELECTION_TIMEOUT_MIN_DEFAULT;
        private Duration electionTimeoutMax = ELECTION_TIMEOUT_MAX_DEFAULT;
        private Duration submitTimeout = SUBMIT_TIMEOUT_DEFAULT;
        private long snapshotThresholdEntries = SNAPSHOT_THRESHOLD_ENTRIES_DEFAULT;
        private long logSegmentSizeBytes = LOG_SEGMENT_SIZE_BYTES_DEFAULT;

        private Builder() {
        }

        public Builder clusterName(String name) {
            this.clusterName = name;
            return this;
        }

        public Builder nodeId(String id) {
            this.nodeId = id;
            return this;
        }

        /** Every member as {@code id=host:port,…}; see {@link #parsePeers}. */
        public Builder peers(String text) {
            this.peersText = text;
            this.peers = null;
            return this;
        }

        public Builder peers(List<Peer> list) {
            this.peers = list == null ? null : List.copyOf(list);
            this.peersText = null;
            return this;
        }

        public Builder storageDir(Path dir) {
            this.storageDir = dir;
            return this;
        }

        public Builder electionTimeout(Duration min, Duration max) {
            this.electionTimeoutMin = min;
            this.electionTimeoutMax = max;
            return this;
        }

        public Builder submitTimeout(Duration timeout) {
            this.submitTimeout = timeout;
            return this;
        }

        public Builder snapshotThresholdEntries(long entries) {
            this.snapshotThresholdEntries = entries;
            return this;
        }

        public Builder logSegmentSizeBytes(long bytes) {
            this.logSegmentSizeBytes = bytes;
            return this;
        }

        /** @throws ConfigException naming every setting out of bounds */
        public ReplicationConfig build() {
            List<String> problems = new ArrayList<>();
            List<Peer> members = peers != null ? peers : parsePeers(peersText, problems);
            if (peers != null && peers.isEmpty()) {
                problems.add("peers must list id=host:port for every member, got nothing");
            }
            check(clusterName, nodeId, members, storageDir, electionTimeoutMin, electionTimeoutMax, submitTimeout,
                    snapshotThresholdEntries, logSegmentSizeBytes, problems);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new ReplicationConfig(clusterName, nodeId, members, storageDir, electionTimeoutMin,
                    electionTimeoutMax, submitTimeout, snapshotThresholdEntries, logSegmentSizeBytes);
        }

        static void check(String clusterName, String nodeId, List<Peer> members, Path storageDir,
                Duration electionTimeoutMin, Duration electionTimeoutMax, Duration submitTimeout,
                long snapshotThresholdEntries, long logSegmentSizeBytes, List<String> problems) {
            checkId("cluster name", clusterName, problems);
            checkId("node id", nodeId, problems);
            checkPeers(members, nodeId, problems);
            if (storageDir == null) {
                problems.add("storage dir must be set");
            }
            checkTimeouts(electionTimeoutMin, electionTimeoutMax, submitTimeout, problems);
            checkRange("snapshot threshold (entries)", snapshotThresholdEntries, SNAPSHOT_THRESHOLD_ENTRIES_MIN,
                    SNAPSHOT_THRESHOLD_ENTRIES_MAX, problems);
            checkRange("log segment size (bytes)", logSegmentSizeBytes, LOG_SEGMENT_SIZE_BYTES_MIN,
                    LOG_SEGMENT_SIZE_BYTES_MAX, problems);
        }

        private static void checkId(String name, String value, List<String> problems) {
            if (value == null || !ID_PATTERN.matcher(value).matches()) {
                problems.add(name + " must be 1.." + ID_CHARS_MAX + " of letters, digits, '.', '_' and '-', got "
                        + quoted(value));
            }
        }

        private static void checkPeers(List<Peer> members, String nodeId, List<String> problems) {
            if (members.isEmpty()) {
                return;
            }
            if (members.size() > PEERS_MAX) {
                problems.add("peers must be 1.." + PEERS_MAX + " members, got " + members.size());
            }
            Set<String> ids = new HashSet<>();
            Set<String> addresses = new HashSet<>();
            for (Peer peer : members) {
                checkPeer(peer, ids, addresses, problems);
            }
            if (nodeId != null && !ids.contains(nodeId)) {
                problems.add("peers must include this node '" + nodeId + "', got " + members);
            }
        }

        private static void checkPeer(Peer peer, Set<String> ids, Set<String> addresses, List<String> problems) {
            if (peer.id() == null || !ID_PATTERN.matcher(peer.id()).matches()) {
                problems.add("peer id must be 1.." + ID_CHARS_MAX + " of letters, digits, '.', '_' and '-', got "
                        + quoted(peer.id()));
            }
            if (peer.host() == null || peer.host().isBlank() || !peer.host().strip().equals(peer.host())) {
                problems.add("peer " + peer.id() + " must name a host, got " + quoted(peer.host()));
            }
            if (peer.port() < 1 || peer.port() > PORT_MAX) {
                problems.add("peer " + peer.id() + ": port must be 1.." + PORT_MAX + ", got " + peer.port());
            }
            if (!ids.add(peer.id())) {
                problems.add("peer id " + peer.id() + " appears twice");
            }
            String address = peer.host() == null ? null : peer.host().toLowerCase(Locale.ROOT) + ":" + peer.port();
            if (address != null && !addresses.add(address)) {
                problems.add("peer address " + peer.address() + " appears twice (peer " + peer.id() + ")");
            }
        }

        private static void checkTimeouts(Duration electionTimeoutMin, Duration electionTimeoutMax,
                Duration submitTimeout, List<String> problems) {
            boolean minInRange = checkDuration("election timeout min", electionTimeoutMin, ELECTION_TIMEOUT_LIMIT_MIN,
                    ELECTION_TIMEOUT_LIMIT_MAX, problems);
            boolean maxInRange = checkDuration("election timeout max", electionTimeoutMax, ELECTION_TIMEOUT_LIMIT_MIN,
                    ELECTION_TIMEOUT_LIMIT_MAX, problems);
            if (minInRange && maxInRange && electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
                problems.add("election timeout max (" + electionTimeoutMax.toMillis()
                        + " ms) must be greater than min (" + electionTimeoutMin.toMillis()
                        + " ms), so that members time out at different moments");
            }
            Duration submitMin = maxInRange ? electionTimeoutMax.multipliedBy(2) : ELECTION_TIMEOUT_LIMIT_MIN;
            if (checkDuration("submit timeout", submitTimeout, ELECTION_TIMEOUT_LIMIT_MIN, SUBMIT_TIMEOUT_MAX, problems)
                    && submitTimeout.compareTo(submitMin) < 0) {
                problems.add("submit timeout (" + submitTimeout.toMillis()
                        + " ms) must be at least twice the election timeout max (" + submitMin.toMillis()
                        + " ms), to outlive one failover");
            }
        }

        private static boolean checkDuration(String name, Duration value, Duration min, Duration max,
                List<String> problems) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                problems.add(name + " must be " + min.toMillis() + ".." + max.toMillis() + " ms, got "
                        + (value == null ? "nothing" : value.toMillis() + " ms"));
                return false;
            }
            return true;
        }

        private static void checkRange(String name, long value, long min, long max, List<String> problems) {
            if (value < min || value > max) {
                problems.add(name + " must be " + min + ".." + max + ", got " + value);
            }
        }

        private static String quoted(String value) {
            return value == null ? "nothing" : "'" + value + "'";
        }
    }
}
