package dev.settle.replication;

/**
 * A submit or read barrier that did not complete: the group could not commit (or confirm) it in
 * time, is overloaded here, or is closed. For a submit the outcome is <b>unknown</b> unless the
 * reason says otherwise: the entry may still be committed and applied later (the leader may have
 * appended it before losing its majority). Callers retry with the same idempotency keys, or read
 * the outcome from the state after a {@link ReplicatedGroup#readBarrier}.
 */
public final class ReplicationUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why; each says whether the entry may still be applied. */
    public enum Reason {
        /** Not committed, or not confirmed by a majority, within the submit timeout: no quorum, or none yet. May still apply. */
        NO_QUORUM,
        /** This member already has as many submits and reads in flight as it allows: nothing was sent. */
        BACKLOG_FULL,
        /** The group or node is closed: nothing was sent, or what was in flight may still apply. */
        CLOSED,
        /**
         * The entry was applied, but before the applying member restarted, so its reply was not kept
         * (a client's retry met it again): the entry's effect is in the state, the reply bytes are lost.
         */
        REPLY_LOST
    }

    private final Reason reason;

    ReplicationUnavailableException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
