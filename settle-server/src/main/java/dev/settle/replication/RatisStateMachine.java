package dev.settle.replication;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis side of one group member: feeds committed entries to the {@link ReplicatedStateMachine},
 * keeps its snapshots ({@link SnapshotStore}) and tells it when it leads.
 *
 * <p>Recovery: Ratis replays the log from its latest snapshot, but the state machine persists its
 * own applied index; entries at or below it are passed over (their reply is {@link #REPLY_REPLAYED}).
 * When a snapshot is newer than the state (a wiped or far-behind member; an installed snapshot),
 * the state is restored from it first.
 *
 * <p>Replies travel in a one-byte envelope: {@link #REPLY_APPLIED} then the state machine's bytes,
 * or {@link #REPLY_REPLAYED} alone.
 *
 * <p>Ratis calls {@code applyTransaction}, {@code takeSnapshot}, {@code reinitialize} and
 * {@code notifyLeaderReady} on the group's one applier thread, in log order; the other
 * notifications come from other threads.
 */
final class RatisStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(RatisStateMachine.class);

    static final byte REPLY_APPLIED = 0;
    static final byte REPLY_REPLAYED = 1;
    /** Raft's first entry (index 0) is its configuration; the state machine's entries come after. */
    static final long FIRST_ENTRY_INDEX = 1;

    private final int podNumber;
    private final ReplicatedStateMachine stateMachine;
    private final SnapshotStore snapshots = new SnapshotStore();
    private final java.util.concurrent.atomic.AtomicLong leaderChanges = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong snapshotsTaken = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong snapshotsInstalled = new java.util.concurrent.atomic.AtomicLong();
    private final Object leadership = new Object();
    /** Guarded by {@link #leadership}: leaderReady was called and notLeader not yet since. */
    private boolean leading;
    /** Guarded by {@link #leadership}: closed members never lead again. */
    private boolean closed;

    RatisStateMachine(int podNumber, ReplicatedStateMachine stateMachine) {
        this.podNumber = podNumber;
        this.stateMachine = stateMachine;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, storage);
            snapshots.init(storage);
            recover(snapshots.latest());
        }, IOException.class);
    }

    @Override
    public SnapshotStore getStateMachineStorage() {
        return snapshots;
    }

    /** Ratis pauses the member before it replaces the state machine directory by an installed snapshot. */
    @Override
    public void pause() {
        // BaseStateMachine does nothing here, but Ratis asserts PAUSED before reinitialize.
        LifeCycle lifeCycle = getLifeCycle();
        if (lifeCycle.getCurrentState() == LifeCycle.State.RUNNING) {
            lifeCycle.transition(LifeCycle.State.PAUSING);
            lifeCycle.transition(LifeCycle.State.PAUSED);
        }
    }

    /** After a snapshot was installed into the state machine directory: restore from it. */
    @Override
    public void reinitialize() throws IOException {
        SnapshotStore.Snapshot installed = snapshots.reload();
        LOG.info("pod {}: reinitializing from snapshot {}", podNumber, installed == null ? null : installed.dir());
        recover(installed);
        snapshotsInstalled.incrementAndGet();
        LifeCycle lifeCycle = getLifeCycle();
        if (lifeCycle.getCurrentState() == LifeCycle.State.PAUSED) {
            lifeCycle.transition(LifeCycle.State.STARTING);
            lifeCycle.transition(LifeCycle.State.RUNNING);
        }
    }

    /**
     * Brings the state up to the snapshot when the snapshot is newer, and sets Ratis' applied
     * position to the snapshot: Ratis replays the log after it, and {@link #applyTransaction} passes
     * over what the state already holds.
     */
    private void recover(SnapshotStore.Snapshot snapshot) throws IOException {
        long applied = stateMachine.appliedIndex();
        if (snapshot == null) {
            setLastAppliedTermIndex(TermIndex.INITIAL_VALUE);
            LOG.info("pod {}: no snapshot; state holds entries up to {}", podNumber, applied);
            return;
        }
        if (snapshot.index() > applied) {
            LOG.info("pod {}: restoring the state from snapshot {} (state held entries up to {})", podNumber,
                    snapshot.dir(), applied);
            stateMachine.restore(snapshot.stateDir(), snapshot.index());
            long restored = stateMachine.appliedIndex();
            if (restored != snapshot.index()) {
                throw new IllegalStateException("pod " + podNumber + ": after restoring snapshot " + snapshot.index()
                        + " the state machine's applied index is " + restored);
            }
        }
        setLastAppliedTermIndex(snapshot.termIndex());
    }

    /** Refuses oversized entries on the leader too, whoever proposed them. */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        TransactionContext transaction = super.startTransaction(request);
        int size = request.getMessage().getContent().size();
        if (size > ReplicationConfig.ENTRY_SIZE_BYTES_MAX) {
            transaction.setException(new IllegalArgumentException("entry of " + size + " bytes exceeds "
                    + ReplicationConfig.ENTRY_SIZE_BYTES_MAX + " bytes (ENTRY_SIZE_BYTES_MAX)"));
        }
        return transaction;
    }

    /**
     * Applies one committed entry, synchronously, on the applier thread. An exception leaves this
     * method (not a failed future): Ratis then stops this member's group instead of skipping the entry.
     */
    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        long index = entry.getIndex();
        byte[] reply;
        if (index <= stateMachine.appliedIndex()) {
            reply = new byte[] {REPLY_REPLAYED};
        } else {
            reply = apply(index, entry.getStateMachineLogEntry().getLogData().toByteArray());
        }
        updateLastAppliedTermIndex(entry.getTerm(), index);
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply)));
    }

    private byte[] apply(long index, byte[] data) {
        if (index < FIRST_ENTRY_INDEX) {
            throw new IllegalStateException("pod " + podNumber + ": entry at log index " + index
                    + ", before the first possible " + FIRST_ENTRY_INDEX);
        }
        byte[] answer = stateMachine.apply(index, data);
        long applied = stateMachine.appliedIndex();
        if (answer == null || applied != index) {
            throw new IllegalStateException("pod " + podNumber + ": the state machine applied entry " + index
                    + " but reports applied index " + applied + (answer == null ? " and a null reply" : ""));
        }
        byte[] reply = new byte[answer.length + 1];
        reply[0] = REPLY_APPLIED;
        System.arraycopy(answer, 0, reply, 1, answer.length);
        return reply;
    }

    /** A linearizable read reaches here once this member applied up to the leader's commit index. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    /**
     * Snapshots the state at Ratis' applied position. Only entries Ratis keeps to itself (no-ops,
     * configurations) can lie between the state's applied index and that position, so the state is
     * the same at both. Every failure is an IOException: Ratis logs it and tries again later.
     */
    @Override
    public long takeSnapshot() throws IOException {
        TermIndex applied = getLastAppliedTermIndex();
        SnapshotStore.Snapshot latest = snapshots.latest();
        long latestIndex = latest == null ? -1 : latest.index();
        if (applied == null || applied.getIndex() <= latestIndex) {
            return latestIndex;
        }
        long stateApplied = stateMachine.appliedIndex();
        if (stateApplied > applied.getIndex()) {
            // Still replaying entries the state already holds: a snapshot now would be mislabelled.
            return latestIndex;
        }
        try {
            snapshots.write(applied, stateMachine::snapshot);
        } catch (RuntimeException e) {
            throw new IOException("pod " + podNumber + ": snapshot at " + applied + " failed", e);
        }
        LOG.info("pod {}: snapshot at {}", podNumber, applied);
        snapshotsTaken.incrementAndGet();
        return applied.getIndex();
    }

    @Override
    public void notifyLeaderReady() {
        synchronized (leadership) {
            if (closed || leading || !stillLeader()) {
                return;
            }
            leading = true;
            stateMachine.leaderReady();
        }
    }

    private boolean stillLeader() {
        CompletableFuture<RaftServer> server = getServer();
        try {
            return server.isDone() && server.join().getDivision(getGroupId()).getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
        stepDown();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
        leaderChanges.incrementAndGet();
        if (!member.getPeerId().equals(newLeaderId)) {
            stepDown();
        }
    }

    @Override
    public void notifyServerShutdown(RoleInfoProto roleInfo, boolean allServer) {
        close();
    }

    @Override
    public void close() {
        synchronized (leadership) {
            closed = true;
        }
        stepDown();
    }

    private void stepDown() {
        synchronized (leadership) {
            if (leading) {
                leading = false;
                stateMachine.notLeader();
            }
        }
    }

    /** What this member counted since it started. */
    GroupCounters counters() {
        return new GroupCounters(leaderChanges.get(), snapshotsTaken.get(), snapshotsInstalled.get());
    }

    /** The latest snapshot's index, or -1. */
    long snapshotIndex() {
        SnapshotStore.Snapshot latest = snapshots.latest();
        return latest == null ? -1 : latest.index();
    }
}
