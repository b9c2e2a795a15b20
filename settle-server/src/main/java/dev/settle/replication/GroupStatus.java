package dev.settle.replication;

import java.util.List;
import java.util.UUID;

/**
 * One member's view of its group, at one moment. Indexes are Raft log indexes; -1 means none.
 *
 * @param podNumber the pod the group replicates
 * @param groupId the Raft group id (derived from the cluster name and the pod number)
 * @param selfId this member
 * @param role {@code LEADER}, {@code FOLLOWER}, {@code CANDIDATE} (or {@code LISTENER}), as Ratis names it
 * @param leaderId the leader this member knows of, or null while there is none
 * @param leaderReady this member leads and has applied every entry of earlier terms
 * @param term the current term
 * @param lastLogIndex the last entry in this member's log
 * @param commitIndex the last entry this member knows to be committed
 * @param appliedIndex the last entry this member applied (its state machine's entries and Raft's own)
 * @param snapshotIndex the index of this member's latest snapshot
 * @param logStartIndex the first entry still in this member's log (the rest was purged after a snapshot)
 * @param followers on the leader, each follower's progress; empty on other members
 */
public record GroupStatus(int podNumber, UUID groupId, String selfId, String role, String leaderId,
        boolean leaderReady, long term, long lastLogIndex, long commitIndex, long appliedIndex, long snapshotIndex,
        long logStartIndex, List<FollowerStatus> followers) {

    public GroupStatus {
        followers = List.copyOf(followers);
    }

    /** This member leads and may serve as leader (its leader-only jobs have been started). */
    public boolean isLeader() {
        return leaderReady;
    }

    /**
     * A follower's progress as the leader sees it. The leader does not learn a follower's applied
     * index; the follower's own {@link GroupStatus#appliedIndex} says it.
     *
     * @param id the follower
     * @param matchIndex the last entry the leader knows the follower has in its log
     * @param commitIndex the follower's commit index as last reported to the leader, or -1
     * @param lagEntries how many of the leader's entries the follower does not have yet
     * @param lastResponseMillis how long ago the follower last answered the leader
     */
    public record FollowerStatus(String id, long matchIndex, long commitIndex, long lagEntries,
            long lastResponseMillis) {
    }
}
