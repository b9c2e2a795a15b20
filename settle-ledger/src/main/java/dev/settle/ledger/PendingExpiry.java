package dev.settle.ledger;

import static dev.settle.ledger.AccountTable.CREDITS_PENDING;
import static dev.settle.ledger.AccountTable.DEBITS_PENDING;

/**
 * Expires the pending transfers whose deadline has passed, at the start of a batch, oldest
 * deadline first, at most {@link LedgerLimits#EXPIRIES_PER_BATCH_MAX} per batch. Expiry releases
 * the reservation and reopens accounts that a closing pending transfer closed; each expiry takes
 * an event timestamp of its own.
 */
final class PendingExpiry {
    private final LedgerEngine engine;

    PendingExpiry(LedgerEngine engine) {
        this.engine = engine;
    }

    /** Returns how many pending transfers expired. */
    int expireDue(long nowNanos) {
        PendingTable pendings = engine.pendings;
        ExpiryQueue queue = pendings.expiries();
        int expired = 0;
        while (expired < LedgerLimits.EXPIRIES_PER_BATCH_MAX) {
            int slot = queue.peek();
            if (slot < 0 || pendings.expiresAt(slot) > nowNanos) {
                break;
            }
            long timestamp = engine.nextTimestamp();
            Invariants.check(pendings.expiresAt(slot) <= timestamp, "expiry happens after the deadline");
            int debit = pendings.debitSlot(slot);
            int credit = pendings.creditSlot(slot);
            engine.touchAccount(debit);
            engine.touchAccount(credit);
            engine.subtractBalance(debit, DEBITS_PENDING, pendings.amountHigh(slot), pendings.amountLow(slot));
            engine.subtractBalance(credit, CREDITS_PENDING, pendings.amountHigh(slot), pendings.amountLow(slot));
            PendingResolution.reopenClosedAccounts(engine, pendings.flags(slot), debit, credit);
            engine.closePending(slot, TransferStatus.EXPIRED, timestamp);
            engine.recordHistory(debit, timestamp);
            engine.recordHistory(credit, timestamp);
            expired++;
        }
        return expired;
    }
}
