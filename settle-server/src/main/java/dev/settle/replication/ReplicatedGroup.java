package dev.settle.replication;

import dev.settle.replication.GroupStatus.FollowerStatus;
import dev.settle.replication.ReplicationUnavailableException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * One pod's Raft group as this node sees it: propose entries, wait for linearizable reads, look at
 * progress. Works on any member: proposals go through a Ratis client that finds the leader and
 * follows it (a follower forwards, inside the cluster); read barriers go to this member's own server.
 *
 * <p>Every future completes within the config's submit timeout; none blocks the caller. At most
 * {@value RatisProperties#IN_FLIGHT_MAX} submits and reads are in flight per group on one node; more
 * fail at once ({@link Reason#BACKLOG_FULL}).
 */
public final class ReplicatedGroup {
    private final RaftNode node;
    private final int podNumber;
    private final RaftGroup group;
    private final RatisStateMachine stateMachine;
    private final Semaphore inFlight = new Semaphore(RatisProperties.IN_FLIGHT_MAX);
    private final long timeoutMillis;
    /** One read-index attempt waits this long (an election timeout) before the barrier asks again. */
    private final long readAttemptMillis;
    private final ClientId readerId = ClientId.randomId();
    private final RaftPeerId selfId;
    private final AtomicLong readCallIds = new AtomicLong();
    private volatile RaftServer server;
    private volatile RaftClient client;
    private volatile boolean closed;

    ReplicatedGroup(RaftNode node, int podNumber, RaftGroup group, RatisStateMachine stateMachine) {
        this.node = node;
        this.podNumber = podNumber;
        this.group = group;
        this.stateMachine = stateMachine;
        this.timeoutMillis = node.config().submitTimeout().toMillis();
        this.readAttemptMillis = node.config().electionTimeoutMax().toMillis();
        this.selfId = RaftPeerId.valueOf(node.nodeId());
    }

    void open(RaftServer raftServer) {
        this.server = raftServer;
        this.client = RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(group)
                .setProperties(node.properties())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                        RatisProperties.clientAttempts(node.config()),
                        RatisProperties.duration(RatisProperties.CLIENT_RETRY_SLEEP)))
                .build();
    }

    /**
     * Proposes one entry. Completes with the reply of {@link ReplicatedStateMachine#apply} on the
     * leader once the entry is committed on a majority (in their logs, on disk) and applied there;
     * entries submitted on one member are committed in the order submitted. Fails with
     * {@link ReplicationUnavailableException} when that does not happen within the submit timeout
     * (no majority reachable, no leader yet) — then the entry may still be applied later.
     *
     * @throws IllegalArgumentException when the entry is over {@link ReplicationConfig#ENTRY_SIZE_BYTES_MAX}:
     *     a caller's bug, nothing is sent (split the batch)
     */
    public CompletableFuture<byte[]> submit(byte[] entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.length > ReplicationConfig.ENTRY_SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("pod " + podNumber + ": entry of " + entry.length + " bytes exceeds "
                    + ReplicationConfig.ENTRY_SIZE_BYTES_MAX + " bytes (ENTRY_SIZE_BYTES_MAX); split the batch");
        }
        RaftClient raftClient = client;
        CompletableFuture<byte[]> refused = refusal(raftClient, "submit");
        if (refused != null) {
            return refused;
        }
        // Copied: the caller may reuse its array while the entry is still being sent or retried.
        Message message = Message.valueOf(ByteString.copyFrom(entry));
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = raftClient.async().send(message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return bounded(sent, "submit", this::replyBytes);
    }

    /**
     * Completes once this member has applied every entry the leader had committed when it was
     * called (Ratis' read index): reads of this member's state made after it are linearizable.
     * While no leader answers (an election is under way) it asks again, until the submit timeout;
     * then it fails like {@link #submit}.
     */
    public CompletableFuture<Void> readBarrier() {
        RaftServer raftServer = server;
        CompletableFuture<Void> refused = refusal(raftServer == null ? null : client, "read barrier");
        if (refused != null) {
            return refused;
        }
        CompletableFuture<RaftClientReply> confirmed = new CompletableFuture<>();
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        askReadIndex(raftServer, deadlineNanos, confirmed);
        return bounded(confirmed, "read barrier", reply -> null);
    }

    /**
     * One read-index request, straight to this member's own server (no client, no network hop).
     * Just after the leader went away the member may still ask the old leader and wait for that to
     * time out (measured: seconds), so each attempt has its own deadline, an election timeout, and
     * the barrier asks again, until its own deadline. Abandoned attempts end on the server's timeout.
     */
    private void askReadIndex(RaftServer raftServer, long deadlineNanos, CompletableFuture<RaftClientReply> confirmed) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(readerId)
                .setServerId(selfId)
                .setGroupId(group.getGroupId())
                .setCallId(readCallIds.incrementAndGet())
                .setMessage(Message.EMPTY)
                .setType(RaftClientRequest.readRequestType())
                .build();
        CompletableFuture<RaftClientReply> asked;
        try {
            asked = raftServer.submitClientRequestAsync(request).copy();
        } catch (IOException | RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        long attemptMillis = Math.max(1, Math.min(readAttemptMillis,
                TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        asked.orTimeout(attemptMillis, TimeUnit.MILLISECONDS).whenComplete((reply, error) -> {
            Throwable failure = error != null ? unwrap(error) : reply.isSuccess() ? null : reply.getException();
            if (failure == null) {
                confirmed.complete(reply);
                return;
            }
            // Any failure may be the election in progress (the old leader unreachable, none known
            // yet, this member still catching up): ask again while there is time and the group is open.
            long sleepMillis = RatisProperties.CLIENT_RETRY_SLEEP.toMillis();
            if (closed) {
                confirmed.completeExceptionally(unavailable(Reason.CLOSED, "read barrier: the group closed", failure));
            } else if (deadlineNanos - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(sleepMillis)) {
                CompletableFuture.delayedExecutor(sleepMillis, TimeUnit.MILLISECONDS)
                        .execute(() -> askReadIndex(raftServer, deadlineNanos, confirmed));
            } else {
                confirmed.completeExceptionally(unavailable(Reason.NO_QUORUM, "read barrier not confirmed within "
                        + timeoutMillis + " ms; last answer: " + failure, failure));
            }
        });
    }

    private <T> CompletableFuture<T> refusal(RaftClient raftClient, String what) {
        if (closed || raftClient == null) {
            return CompletableFuture.failedFuture(unavailable(Reason.CLOSED,
                    what + " on a group that is " + (closed ? "closed" : "not started"), null));
        }
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.failedFuture(unavailable(Reason.BACKLOG_FULL, what + ": "
                    + RatisProperties.IN_FLIGHT_MAX + " submits and reads already in flight on this member", null));
        }
        return null;
    }

    /**
     * The caller's future: Ratis' answer, or a {@link ReplicationUnavailableException} at the timeout.
     * The in-flight permit is held until Ratis itself gives up, so Ratis' own window never blocks.
     */
    private <T> CompletableFuture<T> bounded(CompletableFuture<RaftClientReply> sent, String what,
            Function<RaftClientReply, T> onReply) {
        CompletableFuture<T> result = new CompletableFuture<>();
        sent.whenComplete((reply, error) -> {
            inFlight.release();
            if (error != null) {
                result.completeExceptionally(translate(error, what));
                return;
            }
            try {
                result.complete(onReply.apply(reply));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).exceptionallyCompose(error -> {
            Throwable cause = unwrap(error);
            if (cause instanceof TimeoutException) {
                return CompletableFuture.failedFuture(unavailable(Reason.NO_QUORUM, what + " not done within "
                        + timeoutMillis + " ms (no leader with a majority reachable)", null));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private byte[] replyBytes(RaftClientReply reply) {
        return decodeReply(podNumber, reply.getMessage().getContent(), reply.getLogIndex());
    }

    /** The state machine's reply out of its envelope (see {@link RatisStateMachine}). */
    static byte[] decodeReply(int podNumber, ByteString content, long logIndex) {
        if (content.isEmpty()) {
            throw new IllegalStateException("pod " + podNumber + ": a reply without its envelope, at log index "
                    + logIndex);
        }
        byte kind = content.byteAt(0);
        if (kind == RatisStateMachine.REPLY_REPLAYED) {
            throw new ReplicationUnavailableException(Reason.REPLY_LOST, "pod " + podNumber + ": the entry at log index "
                    + logIndex + " was applied before its member restarted; its effect is in the state, its reply is lost",
                    null);
        }
        if (kind != RatisStateMachine.REPLY_APPLIED) {
            throw new IllegalStateException("pod " + podNumber + ": reply of unknown kind " + kind);
        }
        return content.substring(1).toByteArray();
    }

    private RuntimeException translate(Throwable error, String what) {
        Throwable cause = unwrap(error);
        if (cause instanceof ReplicationUnavailableException unavailable) {
            return unavailable;
        }
        if (cause instanceof StateMachineException && cause.getCause() instanceof IllegalArgumentException refused) {
            return refused;
        }
        if (cause instanceof AlreadyClosedException) {
            return unavailable(Reason.CLOSED, what + ": this member's group client is closed", cause);
        }
        if (cause instanceof IOException || cause instanceof TimeoutException) {
            return unavailable(Reason.NO_QUORUM, what + " failed: " + cause, cause);
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private ReplicationUnavailableException unavailable(Reason reason, String message, Throwable cause) {
        return new ReplicationUnavailableException(reason, "pod " + podNumber + ": " + message, cause);
    }

    /** True when this member knows a leader of the group (itself or another); false during an election, or when not running. */
    public boolean hasLeader() {
        try {
            return division().getInfo().getLeaderId() != null;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** True when this member leads the group and has applied every entry of earlier terms. */
    public boolean isLeader() {
        try {
            DivisionInfo info = division().getInfo();
            return info.isLeader() && info.isLeaderReady();
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** What this member counted since it started. */
    public GroupCounters counters() {
        return stateMachine.counters();
    }

    /**
     * This member's view of the group now.
     *
     * @throws IllegalStateException when the group is not running on this node (not started, closed,
     *     or stopped after a failure)
     */
    public GroupStatus status() {
        RaftServer.Division division;
        try {
            division = division();
        } catch (IOException e) {
            throw new IllegalStateException("pod " + podNumber + ": the group is not running on this node", e);
        }
        DivisionInfo info = division.getInfo();
        RaftLog log = division.getRaftLog();
        RaftPeerId leader = info.getLeaderId();
        long lastLogIndex = log.getLastEntryTermIndex() == null ? -1 : log.getLastEntryTermIndex().getIndex();
        boolean leading = info.isLeader();
        List<FollowerStatus> followers = leading ? followers(division, lastLogIndex) : List.of();
        return new GroupStatus(podNumber, group.getGroupId().getUuid(), node.nodeId(),
                info.getCurrentRole().name(), leader == null ? null : leader.toString(),
                leading && info.isLeaderReady(), info.getCurrentTerm(), lastLogIndex, log.getLastCommittedIndex(),
                info.getLastAppliedIndex(), stateMachine.snapshotIndex(), log.getStartIndex(), followers);
    }

    /**
     * Ratis lists the followers' match indexes without their ids, in the order of its log appenders,
     * which is also the order of the followers in the role info; both are read here, one after the
     * other. If membership changed in between (the counts differ) the list is left empty.
     */
    private static List<FollowerStatus> followers(RaftServer.Division division, long lastLogIndex) {
        RoleInfoProto role = division.getInfo().getRoleInfoProto();
        long[] matchIndexes = division.getInfo().getFollowerMatchIndices();
        if (!role.hasLeaderInfo() || matchIndexes == null
                || matchIndexes.length != role.getLeaderInfo().getFollowerInfoCount()) {
            return List.of();
        }
        Map<String, Long> commitIndexes = new HashMap<>();
        for (CommitInfoProto commit : division.getCommitInfos()) {
            commitIndexes.put(commit.getServer().getId().toStringUtf8(), commit.getCommitIndex());
        }
        List<FollowerStatus> followers = new ArrayList<>();
        for (int i = 0; i < matchIndexes.length; i++) {
            ServerRpcProto follower = role.getLeaderInfo().getFollowerInfo(i);
            String id = follower.getId().getId().toStringUtf8();
            followers.add(new FollowerStatus(id, matchIndexes[i], commitIndexes.getOrDefault(id, -1L),
                    Math.max(0, lastLogIndex - matchIndexes[i]), follower.getLastRpcElapsedTimeMs()));
        }
        return followers;
    }

    private RaftServer.Division division() throws IOException {
        RaftServer raftServer = server;
        if (raftServer == null || closed) {
            throw new IOException("pod " + podNumber + ": the node " + (closed ? "is closed" : "has not started"));
        }
        return raftServer.getDivision(group.getGroupId());
    }

    public int podNumber() {
        return podNumber;
    }

    RaftGroup raftGroup() {
        return group;
    }

    RatisStateMachine ratisStateMachine() {
        return stateMachine;
    }

    /** This member's Ratis client of the group, once started (tests move leadership with it). */
    RaftClient raftClient() {
        return client;
    }

    void closeClient() {
        closed = true;
        RaftClient raftClient = client;
        if (raftClient != null) {
            try {
                raftClient.close();
            } catch (IOException e) {
                // Closing fails the client's requests in flight; nothing else to do.
            }
        }
    }
}
