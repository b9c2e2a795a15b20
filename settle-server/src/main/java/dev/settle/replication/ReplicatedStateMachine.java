package dev.settle.replication;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a replicated pod implements: a deterministic state machine fed committed log entries, in
 * log order, by its Raft group ({@link RaftNode#group}). Data goes in and out as bytes; what they
 * mean (one entry = one pod batch) is the implementation's business.
 *
 * <p>Threads: {@link #apply}, {@link #appliedIndex} (after the start), {@link #snapshot} and
 * {@link #restore} are called on one thread at a time, never concurrently with each other: the
 * group's applier. {@link #leaderReady} and {@link #notLeader} may come from other threads (Ratis'
 * election and heartbeat threads), concurrently with {@code apply}; they must only start or stop
 * background jobs, quickly, and never block on the applier.
 *
 * <p>Failures: a business rejection is part of the reply bytes, never an exception. An exception
 * from {@code apply}, {@code snapshot} or {@code restore} means this member can no longer follow the
 * log (a broken invariant, a full disk): the member stops its group (fail-stop) rather than skip
 * the entry; the others go on.
 */
public interface ReplicatedStateMachine {
    /**
     * Applies one committed entry and returns the reply for its proposer (empty, never null, when
     * there is none). Deterministic: every member applies the same entries in the same order and
     * must reach byte-identical state and return identical replies; nothing in it may read a
     * clock, draw a random number, or depend on which member it runs on. The entry's effect and
     * the new applied index ({@code index}) are persisted atomically together, so that after a
     * crash {@link #appliedIndex} names exactly the entries the state holds.
     *
     * @param index the entry's log index: greater than {@link #appliedIndex}, not necessarily by one
     *     (the log also holds Raft's own entries, which are not passed here)
     */
    byte[] apply(long index, byte[] entry);

    /**
     * The index of the last entry the state holds, as recovered from the state machine's own
     * storage; 0 when it holds none. On start the group passes only the entries after it.
     */
    long appliedIndex();

    /**
     * Writes a consistent snapshot of the state at {@link #appliedIndex} into {@code dir}, which
     * exists and is empty (Settle: a RocksDB checkpoint, hard links). The files must be complete
     * and durable when this returns; they are read, and copied to other members, after it.
     */
    void snapshot(Path dir) throws IOException;

    /**
     * Replaces the whole state by the snapshot in {@code dir} (written by {@link #snapshot} on some
     * member) taken at log index {@code index}; afterwards {@link #appliedIndex} is {@code index}.
     * The files in {@code dir} belong to the group: copy or link them, do not move them.
     */
    void restore(Path dir, long index) throws IOException;

    /**
     * This member has become the group's leader and applied every entry of earlier terms: start the
     * leader-only background jobs (relay, expiry, recovery). Paired with a later {@link #notLeader}.
     */
    void leaderReady();

    /** This member is no longer the leader (or is closing): stop the leader-only background jobs. */
    void notLeader();
}
