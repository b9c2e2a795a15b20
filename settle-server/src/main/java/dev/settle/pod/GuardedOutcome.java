package dev.settle.pod;

import dev.settle.ledger.TransferResults;

/**
 * What became of a {@link PodCommand.GuardedChange}.
 *
 * @param transferResults the result of each of its transfers when it was {@link Status#REFUSED}, else null
 */
public record GuardedOutcome(Status status, TransferResults transferResults) {
    public enum Status {
        /** Its records, transfers and events are written. */
        APPLIED,
        /** A record was no longer as expected: nothing applied. */
        STALE,
        /** A transfer failed: nothing applied. */
        REFUSED
    }

    static final GuardedOutcome APPLIED = new GuardedOutcome(Status.APPLIED, null);
    static final GuardedOutcome STALE = new GuardedOutcome(Status.STALE, null);

    public boolean applied() {
        return status == Status.APPLIED;
    }
}
