package dev.settle.ledger;

/**
 * Answers a re-submitted transfer id: {@code exists} when the request matches what was created,
 * else the first field that differs (TigerBeetle's {@code create_transfer_exists} and
 * {@code post_or_void_pending_transfer_exists}).
 */
final class TransferExistence {
    private final PendingFields p;
    private final TransferOutcome outcome;

    TransferExistence(PendingFields pending, TransferOutcome outcome) {
        this.p = pending;
        this.outcome = outcome;
    }

    CreateTransferResult compare(TransferBatch b, int i, TransferRecord e) {
        // The flags change the meaning of the other comparisons, so they come first.
        if (b.flags[i] != e.flags()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_FLAGS;
        }
        if (b.pendingHigh[i] != e.pendingId().high() || b.pendingLow[i] != e.pendingId().low()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_PENDING_ID;
        }
        if (b.timeoutSeconds[i] != e.timeoutSeconds()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_TIMEOUT;
        }
        boolean resolves = (b.flags[i] & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0;
        CreateTransferResult result = resolves ? compareResolution(b, i, e) : compareTransfer(b, i, e);
        if (result == CreateTransferResult.OK) {
            outcome.set(e.timestamp(), e.amount().high(), e.amount().low());
            return CreateTransferResult.EXISTS;
        }
        return result;
    }

    private CreateTransferResult compareTransfer(TransferBatch b, int i, TransferRecord e) {
        if (b.debitHigh[i] != e.debitAccountId().high() || b.debitLow[i] != e.debitAccountId().low()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID;
        }
        if (b.creditHigh[i] != e.creditAccountId().high() || b.creditLow[i] != e.creditAccountId().low()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID;
        }
        int byAmount = UInt128.compare(b.amountHigh[i], b.amountLow[i], e.amount().high(), e.amount().low());
        boolean balancing = (b.flags[i] & (TransferFlags.BALANCING_DEBIT | TransferFlags.BALANCING_CREDIT)) != 0;
        // A balancing transfer's amount is an upper limit: resubmitting it may find a smaller amount moved.
        if (balancing ? byAmount < 0 : byAmount != 0) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_AMOUNT;
        }
        CreateTransferResult userData = compareUserData(b, i, e, false);
        if (userData != CreateTransferResult.OK) {
            return userData;
        }
        if (b.ledger[i] != 0 && b.ledger[i] != e.ledger()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_LEDGER;
        }
        if (b.code[i] != e.code()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_CODE;
        }
        return compareMetadata(b, i, e);
    }

    private CreateTransferResult compareResolution(TransferBatch b, int i, TransferRecord e) {
        boolean found = p.load(b.pendingHigh[i], b.pendingLow[i]);
        Invariants.check(found && (p.flags & TransferFlags.PENDING) != 0, "a created post or void names a pending");
        if (!UInt128.isZero(b.debitHigh[i], b.debitLow[i])
                && (b.debitHigh[i] != e.debitAccountId().high() || b.debitLow[i] != e.debitAccountId().low())) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID;
        }
        if (!UInt128.isZero(b.creditHigh[i], b.creditLow[i])
                && (b.creditHigh[i] != e.creditAccountId().high() || b.creditLow[i] != e.creditAccountId().low())) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID;
        }
        boolean isVoid = (b.flags[i] & TransferFlags.VOID_PENDING_TRANSFER) != 0;
        boolean full = isVoid ? UInt128.isZero(b.amountHigh[i], b.amountLow[i])
                : UInt128.isMax(b.amountHigh[i], b.amountLow[i]);
        long wantHigh = full ? p.amountHigh : b.amountHigh[i];
        long wantLow = full ? p.amountLow : b.amountLow[i];
        if (wantHigh != e.amount().high() || wantLow != e.amount().low()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_AMOUNT;
        }
        CreateTransferResult userData = compareUserData(b, i, e, true);
        if (userData != CreateTransferResult.OK) {
            return userData;
        }
        if (b.ledger[i] != 0 && b.ledger[i] != e.ledger()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_LEDGER;
        }
        if (b.code[i] != 0 && b.code[i] != e.code()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_CODE;
        }
        return compareMetadata(b, i, e);
    }

    /** With {@code inherits}, a zero field of the request means "the pending transfer's value". */
    private CreateTransferResult compareUserData(TransferBatch b, int i, TransferRecord e, boolean inherits) {
        boolean zero128 = UInt128.isZero(b.userData128High[i], b.userData128Low[i]);
        long want128High = inherits && zero128 ? p.userData128High : b.userData128High[i];
        long want128Low = inherits && zero128 ? p.userData128Low : b.userData128Low[i];
        if (want128High != e.userData128().high() || want128Low != e.userData128().low()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_USER_DATA_128;
        }
        long want64 = inherits && b.userData64[i] == 0 ? p.userData64 : b.userData64[i];
        if (want64 != e.userData64()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_USER_DATA_64;
        }
        int want32 = inherits && b.userData32[i] == 0 ? p.userData32 : b.userData32[i];
        if (want32 != e.userData32()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_USER_DATA_32;
        }
        return CreateTransferResult.OK;
    }

    private static CreateTransferResult compareMetadata(TransferBatch b, int i, TransferRecord e) {
        return AccountCreation.sameMetadata(b.metadata[i], e.metadata())
                ? CreateTransferResult.OK
                : CreateTransferResult.EXISTS_WITH_DIFFERENT_METADATA;
    }
}
