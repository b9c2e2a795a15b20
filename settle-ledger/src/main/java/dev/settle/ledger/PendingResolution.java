package dev.settle.ledger;

import static dev.settle.ledger.AccountTable.CREDITS_PENDING;
import static dev.settle.ledger.AccountTable.CREDITS_POSTED;
import static dev.settle.ledger.AccountTable.DEBITS_PENDING;
import static dev.settle.ledger.AccountTable.DEBITS_POSTED;

/**
 * Posts or voids a pending transfer (TigerBeetle's {@code post_or_void_pending_transfer}).
 *
 * <p>The pending amount leaves the pending balances; a post moves the posted amount (all of it,
 * or part of it) into the posted balances, a void moves nothing and reopens accounts that a
 * closing pending transfer closed. No balance limit is checked: the reservation already was.
 */
final class PendingResolution {
    private static final int EXCLUSIVE_WITH_RESOLUTION = TransferFlags.PENDING | TransferFlags.BALANCING_DEBIT
            | TransferFlags.BALANCING_CREDIT | TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT;

    private final LedgerEngine engine;
    private final AccountTable accounts;
    private final PendingFields p;
    private final TransferOutcome outcome;

    PendingResolution(LedgerEngine engine, PendingFields pending, TransferOutcome outcome) {
        this.engine = engine;
        this.accounts = engine.accounts;
        this.p = pending;
        this.outcome = outcome;
    }

    CreateTransferResult resolve(TransferBatch b, int i, long timestamp) {
        CreateTransferResult invalid = validateRequest(b, i);
        if (invalid != CreateTransferResult.OK) {
            return invalid;
        }
        if (!p.load(b.pendingHigh[i], b.pendingLow[i])) {
            return CreateTransferResult.PENDING_TRANSFER_NOT_FOUND;
        }
        if ((p.flags & TransferFlags.PENDING) == 0) {
            return CreateTransferResult.PENDING_TRANSFER_NOT_PENDING;
        }
        int debit = accounts.find(p.debitHigh, p.debitLow);
        int credit = accounts.find(p.creditHigh, p.creditLow);
        Invariants.check(debit >= 0 && credit >= 0, "a pending transfer's accounts exist");
        CreateTransferResult mismatch = compareWithPending(b, i);
        if (mismatch != CreateTransferResult.OK) {
            return mismatch;
        }
        boolean isVoid = (b.flags[i] & TransferFlags.VOID_PENDING_TRANSFER) != 0;
        long high = b.amountHigh[i];
        long low = b.amountLow[i];
        boolean full = isVoid ? UInt128.isZero(high, low) : UInt128.isMax(high, low);
        if (full) {
            high = p.amountHigh;
            low = p.amountLow;
        }
        int byAmount = UInt128.compare(high, low, p.amountHigh, p.amountLow);
        if (byAmount > 0) {
            return CreateTransferResult.EXCEEDS_PENDING_TRANSFER_AMOUNT;
        }
        if (isVoid && byAmount < 0) {
            return CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT;
        }
        CreateTransferResult state = checkState(debit, credit, isVoid, timestamp);
        if (state != CreateTransferResult.OK) {
            return state;
        }
        apply(b, i, debit, credit, high, low, timestamp);
        return CreateTransferResult.OK;
    }

    private static CreateTransferResult validateRequest(TransferBatch b, int i) {
        int flags = b.flags[i];
        boolean isPost = (flags & TransferFlags.POST_PENDING_TRANSFER) != 0;
        boolean isVoid = (flags & TransferFlags.VOID_PENDING_TRANSFER) != 0;
        Invariants.check(isPost || isVoid, "resolution is a post or a void");
        if (isPost && isVoid || (flags & EXCLUSIVE_WITH_RESOLUTION) != 0) {
            return CreateTransferResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE;
        }
        if (UInt128.isZero(b.pendingHigh[i], b.pendingLow[i])) {
            return CreateTransferResult.PENDING_ID_MUST_NOT_BE_ZERO;
        }
        if (UInt128.isMax(b.pendingHigh[i], b.pendingLow[i])) {
            return CreateTransferResult.PENDING_ID_MUST_NOT_BE_INT_MAX;
        }
        if (b.pendingHigh[i] == b.idHigh[i] && b.pendingLow[i] == b.idLow[i]) {
            return CreateTransferResult.PENDING_ID_MUST_BE_DIFFERENT;
        }
        if (b.timeoutSeconds[i] != 0) {
            return CreateTransferResult.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
        }
        return CreateTransferResult.OK;
    }

    /** Fields a post or void may leave zero, but if it sets them they must match the pending transfer. */
    private CreateTransferResult compareWithPending(TransferBatch b, int i) {
        if (!UInt128.isZero(b.debitHigh[i], b.debitLow[i])
                && (b.debitHigh[i] != p.debitHigh || b.debitLow[i] != p.debitLow)) {
            return CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID;
        }
        if (!UInt128.isZero(b.creditHigh[i], b.creditLow[i])
                && (b.creditHigh[i] != p.creditHigh || b.creditLow[i] != p.creditLow)) {
            return CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID;
        }
        if (b.ledger[i] != 0 && b.ledger[i] != p.ledger) {
            return CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_LEDGER;
        }
        if (b.code[i] != 0 && b.code[i] != p.code) {
            return CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_CODE;
        }
        return CreateTransferResult.OK;
    }

    private CreateTransferResult checkState(int debit, int credit, boolean isVoid, long timestamp) {
        switch (p.status) {
            case POSTED:
                return CreateTransferResult.PENDING_TRANSFER_ALREADY_POSTED;
            case VOIDED:
                return CreateTransferResult.PENDING_TRANSFER_ALREADY_VOIDED;
            case EXPIRED:
                return CreateTransferResult.PENDING_TRANSFER_EXPIRED;
            case PENDING:
                break;
        }
        Invariants.check(p.openSlot >= 0, "a pending transfer still pending is open");
        if (p.expiresAt != 0 && p.expiresAt <= timestamp) {
            // Due but not yet released: expiry is bounded per batch, so it may lag a little.
            return CreateTransferResult.PENDING_TRANSFER_EXPIRED;
        }
        if (!isVoid && (accounts.flags(debit) & AccountFlags.CLOSED) != 0) {
            return CreateTransferResult.DEBIT_ACCOUNT_ALREADY_CLOSED;
        }
        if (!isVoid && (accounts.flags(credit) & AccountFlags.CLOSED) != 0) {
            return CreateTransferResult.CREDIT_ACCOUNT_ALREADY_CLOSED;
        }
        return CreateTransferResult.OK;
    }

    private void apply(TransferBatch b, int i, int debit, int credit, long high, long low, long timestamp) {
        boolean isVoid = (b.flags[i] & TransferFlags.VOID_PENDING_TRANSFER) != 0;
        engine.touchAccount(debit);
        engine.touchAccount(credit);
        writeLog(b, i, high, low, timestamp, debit, credit);
        engine.subtractBalance(debit, DEBITS_PENDING, p.amountHigh, p.amountLow);
        engine.subtractBalance(credit, CREDITS_PENDING, p.amountHigh, p.amountLow);
        if (isVoid) {
            reopenClosedAccounts(engine, p.flags, debit, credit);
        } else {
            Invariants.check((p.flags & (TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT)) == 0,
                    "closing transfers are only voided or expired");
            // Moving from pending to posted keeps pending + posted at or below its old sum: no overflow.
            engine.addBalance(debit, DEBITS_POSTED, high, low);
            engine.addBalance(credit, CREDITS_POSTED, high, low);
        }
        engine.closePending(p.openSlot, isVoid ? TransferStatus.VOIDED : TransferStatus.POSTED, timestamp);
        engine.recordHistory(debit, timestamp);
        engine.recordHistory(credit, timestamp);
        outcome.set(timestamp, high, low);
    }

    /** Clears the closed flag that a closing pending transfer set, when it is voided or expires. */
    static void reopenClosedAccounts(LedgerEngine engine, int pendingFlags, int debit, int credit) {
        AccountTable accounts = engine.accounts;
        if ((pendingFlags & TransferFlags.CLOSING_DEBIT) != 0) {
            Invariants.check((accounts.flags(debit) & AccountFlags.CLOSED) != 0, "closing debit closed it");
            engine.setAccountFlags(debit, accounts.flags(debit) & ~AccountFlags.CLOSED);
        }
        if ((pendingFlags & TransferFlags.CLOSING_CREDIT) != 0) {
            Invariants.check((accounts.flags(credit) & AccountFlags.CLOSED) != 0, "closing credit closed it");
            engine.setAccountFlags(credit, accounts.flags(credit) & ~AccountFlags.CLOSED);
        }
    }

    private void writeLog(TransferBatch b, int i, long high, long low, long timestamp, int debit, int credit) {
        TransferLog log = engine.current().transfers;
        int entry = log.add();
        log.idHigh[entry] = b.idHigh[i];
        log.idLow[entry] = b.idLow[i];
        log.debitHigh[entry] = p.debitHigh;
        log.debitLow[entry] = p.debitLow;
        log.creditHigh[entry] = p.creditHigh;
        log.creditLow[entry] = p.creditLow;
        log.amountHigh[entry] = high;
        log.amountLow[entry] = low;
        log.pendingHigh[entry] = b.pendingHigh[i];
        log.pendingLow[entry] = b.pendingLow[i];
        boolean ownData128 = !UInt128.isZero(b.userData128High[i], b.userData128Low[i]);
        log.userData128High[entry] = ownData128 ? b.userData128High[i] : p.userData128High;
        log.userData128Low[entry] = ownData128 ? b.userData128Low[i] : p.userData128Low;
        log.userData64[entry] = b.userData64[i] != 0 ? b.userData64[i] : p.userData64;
        log.userData32[entry] = b.userData32[i] != 0 ? b.userData32[i] : p.userData32;
        log.timeoutSeconds[entry] = 0;
        log.ledger[entry] = p.ledger;
        log.code[entry] = p.code;
        log.flags[entry] = b.flags[i];
        log.timestamp[entry] = timestamp;
        log.metadata[entry] = b.metadata[i];
        engine.indexTransfer(entry, debit, credit);
    }
}
