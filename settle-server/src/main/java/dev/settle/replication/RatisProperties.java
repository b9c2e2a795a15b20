package dev.settle.replication;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Every Ratis setting Settle chooses, in one place, with why (docs/decisions/0013). The sizes'
 * relationships are checked when the class loads: an entry of {@link ReplicationConfig#ENTRY_SIZE_BYTES_MAX}
 * must fit in one append request, in the log's write buffer and in one gRPC message, or the group
 * would stall on it (Ratis asserts on an entry larger than the append buffer instead of sending it).
 */
final class RatisProperties {
    /** Room around an entry's bytes in its log record: term, index, client id, call id, sliding window. */
    static final int ENTRY_ENVELOPE_BYTES_MAX = 64 * 1024;
    /** One append request carries at least one entry of the largest size (Ratis: appender buffer byte limit). */
    static final int APPEND_BUFFER_BYTES = ReplicationConfig.ENTRY_SIZE_BYTES_MAX + ENTRY_ENVELOPE_BYTES_MAX;
    /** The log worker's write buffer: Ratis requires the append buffer + 8 bytes; twice that. */
    static final int LOG_WRITE_BUFFER_BYTES = 2 * APPEND_BUFFER_BYTES;
    /** Ratis' default: larger than any append request or snapshot chunk. */
    static final int GRPC_MESSAGE_BYTES_MAX = 64 * 1024 * 1024;
    /** Snapshot files travel in chunks of this size (Ratis' default is 16 MB). */
    static final int SNAPSHOT_CHUNK_BYTES = 4 * 1024 * 1024;
    /** Pending writes per group on the leader before it answers "busy" (Ratis' defaults). */
    static final int PENDING_WRITES_MAX = 4_096;
    static final long PENDING_WRITE_BYTES_MAX = 64L * 1024 * 1024;
    /**
     * Entries a member buffers before it forces the log to disk even while more keep coming (Ratis'
     * default); it forces anyway whenever its queue empties. Commit waits for the force: nothing is
     * acknowledged before it is on a majority's disks.
     */
    static final int FORCE_SYNC_ENTRIES = 128;
    /** Submits and reads one member's group client has in flight; below Ratis' own window so it never blocks. */
    static final int IN_FLIGHT_MAX = 64;
    static final int CLIENT_OUTSTANDING_REQUESTS_MAX = 2 * IN_FLIGHT_MAX;
    /** How long a member's group client waits before it tries again (another member, or the same later). */
    static final Duration CLIENT_RETRY_SLEEP = Duration.ofMillis(50);
    /** One client attempt waits at most this long for an answer (Ratis' default), less if the submit timeout is shorter. */
    static final Duration CLIENT_ATTEMPT_TIMEOUT_MAX = Duration.ofSeconds(3);
    /** See {@link #log}: Ratis' default is 10 ms. */
    static final Duration APPENDER_WAIT_MIN = Duration.ofMillis(1);
    /** The server's append-entries request timeout: Ratis' default, and always above the election timeout. */
    static final Duration SERVER_REQUEST_TIMEOUT_MIN = Duration.ofSeconds(3);

    static {
        check(LOG_WRITE_BUFFER_BYTES >= APPEND_BUFFER_BYTES + 8, "log write buffer holds one append buffer");
        check(GRPC_MESSAGE_BYTES_MAX >= APPEND_BUFFER_BYTES + ENTRY_ENVELOPE_BYTES_MAX,
                "one gRPC message holds one append request");
        check(GRPC_MESSAGE_BYTES_MAX >= SNAPSHOT_CHUNK_BYTES + ENTRY_ENVELOPE_BYTES_MAX,
                "one gRPC message holds one snapshot chunk");
        check(PENDING_WRITE_BYTES_MAX >= APPEND_BUFFER_BYTES, "the leader takes at least one entry of the largest size");
        check(ReplicationConfig.LOG_SEGMENT_SIZE_BYTES_MAX <= Integer.MAX_VALUE, "segment sizes fit Ratis' int sizes");
        check(CLIENT_OUTSTANDING_REQUESTS_MAX > IN_FLIGHT_MAX, "the group's own bound is reached before Ratis blocks");
    }

    private RatisProperties() {
    }

    /** The server's settings for this node: every group it hosts shares them. */
    static RaftProperties server(ReplicationConfig config) {
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(properties, List.of(RaftNode.raftDirectory(config).toFile()));
        ReplicationConfig.Peer self = config.self();
        GrpcConfigKeys.Server.setHost(properties, self.host());
        GrpcConfigKeys.Server.setPort(properties, self.port());
        GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf(GRPC_MESSAGE_BYTES_MAX));

        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, duration(config.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, duration(config.electionTimeoutMax()));
        Duration requestTimeout = max(SERVER_REQUEST_TIMEOUT_MIN, config.electionTimeoutMax().multipliedBy(2));
        RaftServerConfigKeys.Rpc.setRequestTimeout(properties, duration(requestTimeout));

        // Read index: any member answers reads consistently once it applied up to the leader's commit.
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(properties, duration(config.submitTimeout()));

        log(properties, config);
        snapshots(properties, config);

        RaftServerConfigKeys.Write.setElementLimit(properties, PENDING_WRITES_MAX);
        RaftServerConfigKeys.Write.setByteLimit(properties, SizeInBytes.valueOf(PENDING_WRITE_BYTES_MAX));
        client(properties, config);
        return properties;
    }

    private static void log(RaftProperties properties, ReplicationConfig config) {
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(config.logSegmentSizeBytes()));
        RaftServerConfigKeys.Log.setWriteBufferSize(properties, SizeInBytes.valueOf(LOG_WRITE_BUFFER_BYTES));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, SizeInBytes.valueOf(APPEND_BUFFER_BYTES));
        // How long a leader's appender waits before it sends what it has: a pod batch is already a
        // group commit, so waiting to gather more only adds to every write's latency.
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(properties, duration(APPENDER_WAIT_MIN));
        RaftServerConfigKeys.Log.setForceSyncNum(properties, FORCE_SYNC_ENTRIES);
        // Acknowledged means on a majority's disks: the flush index moves only after the data is synced.
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(properties, false);
    }

    private static void snapshots(RaftProperties properties, ReplicationConfig config) {
        long threshold = config.snapshotThresholdEntries();
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, threshold);
        // The state machine persists its applied index: a restart replays only the entries after it,
        // so a snapshot at every stop would only slow stopping down.
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(properties, false);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, SnapshotStore.SNAPSHOTS_RETAINED);
        // Purge up to the snapshot even when a member is down: the log's size stays bounded, and a
        // member that missed the purged entries gets the snapshot instead.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        RaftServerConfigKeys.Log.setPurgeGap(properties, (int) Math.max(1, threshold / 4));
        // ...but keep the last half threshold: a follower that was away briefly catches up from the log.
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(properties, threshold / 2);
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(properties, true);
        RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(properties, SizeInBytes.valueOf(SNAPSHOT_CHUNK_BYTES));
    }

    /** The settings of the group clients, which each member uses to propose and to read. */
    private static void client(RaftProperties properties, ReplicationConfig config) {
        Duration attempt = min(CLIENT_ATTEMPT_TIMEOUT_MAX, config.submitTimeout());
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, duration(attempt));
        RaftClientConfigKeys.Async.setOutstandingRequestsMax(properties, CLIENT_OUTSTANDING_REQUESTS_MAX);
    }

    /** Client attempts that fit in one submit timeout (the submit's own deadline ends it in any case). */
    static int clientAttempts(ReplicationConfig config) {
        return (int) Math.max(1, config.submitTimeout().toMillis() / CLIENT_RETRY_SLEEP.toMillis());
    }

    static TimeDuration duration(Duration duration) {
        return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new ExceptionInInitializerError("replication limits are inconsistent: " + what);
        }
    }
}
