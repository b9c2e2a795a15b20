package dev.settle.ledger;

import static dev.settle.ledger.AccountTable.CREDITS_PENDING;
import static dev.settle.ledger.AccountTable.CREDITS_POSTED;
import static dev.settle.ledger.AccountTable.DEBITS_PENDING;
import static dev.settle.ledger.AccountTable.DEBITS_POSTED;

/**
 * Creates transfers (TigerBeetle's {@code create_transfer}): the checks in the precedence order of
 * {@link CreateTransferResult}, then the balance changes. Posting and voiding are delegated to
 * {@link PendingResolution}, re-submissions of a known id to {@link TransferExistence}.
 */
final class TransferCreation implements ChainRunner.Events {
    private final LedgerEngine engine;
    private final AccountTable accounts;
    private final TransferOutcome outcome = new TransferOutcome();
    private final PendingFields pending;
    private final TransferExistence existence;
    private final PendingResolution resolution;
    private TransferBatch batch;
    private TransferResults results;

    TransferCreation(LedgerEngine engine) {
        this.engine = engine;
        this.accounts = engine.accounts;
        this.pending = new PendingFields(engine);
        this.existence = new TransferExistence(pending, outcome);
        this.resolution = new PendingResolution(engine, pending, outcome);
    }

    TransferCreation bind(TransferBatch newBatch, TransferResults newResults) {
        this.batch = newBatch;
        this.results = newResults;
        return this;
    }

    @Override
    public int size() {
        return batch.size();
    }

    @Override
    public boolean linked(int i) {
        return (batch.flags[i] & TransferFlags.LINKED) != 0;
    }

    @Override
    public void fail(int i, int resultOrdinal, long timestamp) {
        results.set(i, CreateTransferResult.ofOrdinal(resultOrdinal), timestamp);
        results.setAmount(i, 0, 0);
    }

    @Override
    public long timestampOf(int i) {
        return results.timestamp(i);
    }

    @Override
    public void rememberTransientFailure(int i) {
        CreateTransferResult result = results.result(i);
        if (result.isTransient()) {
            engine.recordFailedTransfer(batch.idHigh[i], batch.idLow[i], result, results.timestamp(i));
        }
    }

    @Override
    public boolean apply(int i, long timestamp) {
        outcome.set(timestamp, 0, 0);
        CreateTransferResult result = create(batch, i, timestamp);
        results.set(i, result, outcome.timestamp);
        results.setAmount(i, outcome.amountHigh, outcome.amountLow);
        return result == CreateTransferResult.OK;
    }

    /** Creates transfer {@code i} of {@code b}; on OK or EXISTS, {@link #outcome} holds the details. */
    CreateTransferResult create(TransferBatch b, int i, long timestamp) {
        outcome.set(timestamp, 0, 0);
        if ((b.flags[i] & ~TransferFlags.ALL) != 0) {
            return CreateTransferResult.RESERVED_FLAG;
        }
        long idHigh = b.idHigh[i];
        long idLow = b.idLow[i];
        if (UInt128.isZero(idHigh, idLow)) {
            return CreateTransferResult.ID_MUST_NOT_BE_ZERO;
        }
        if (UInt128.isMax(idHigh, idLow)) {
            return CreateTransferResult.ID_MUST_NOT_BE_INT_MAX;
        }
        KnownTransferId known = engine.lookupTransfer(idHigh, idLow);
        if (known instanceof TransferRecord existing) {
            return existence.compare(b, i, existing);
        }
        if (known != null) {
            return CreateTransferResult.ID_ALREADY_FAILED;
        }
        if ((b.flags[i] & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0) {
            return resolution.resolve(b, i, timestamp);
        }
        CreateTransferResult invalid = validateFields(b, i);
        if (invalid != CreateTransferResult.OK) {
            return invalid;
        }
        return createBetweenAccounts(b, i, timestamp);
    }

    /** The checks that need no state, in precedence order. */
    private static CreateTransferResult validateFields(TransferBatch b, int i) {
        if (UInt128.isZero(b.debitHigh[i], b.debitLow[i])) {
            return CreateTransferResult.DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
        }
        if (UInt128.isMax(b.debitHigh[i], b.debitLow[i])) {
            return CreateTransferResult.DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX;
        }
        if (UInt128.isZero(b.creditHigh[i], b.creditLow[i])) {
            return CreateTransferResult.CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
        }
        if (UInt128.isMax(b.creditHigh[i], b.creditLow[i])) {
            return CreateTransferResult.CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX;
        }
        if (b.debitHigh[i] == b.creditHigh[i] && b.debitLow[i] == b.creditLow[i]) {
            return CreateTransferResult.ACCOUNTS_MUST_BE_DIFFERENT;
        }
        if (!UInt128.isZero(b.pendingHigh[i], b.pendingLow[i])) {
            return CreateTransferResult.PENDING_ID_MUST_BE_ZERO;
        }
        if ((b.flags[i] & TransferFlags.PENDING) == 0) {
            if (b.timeoutSeconds[i] != 0) {
                return CreateTransferResult.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
            }
            if ((b.flags[i] & (TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT)) != 0) {
                return CreateTransferResult.CLOSING_TRANSFER_MUST_BE_PENDING;
            }
        }
        return CreateTransferResult.OK;
    }

    private CreateTransferResult createBetweenAccounts(TransferBatch b, int i, long timestamp) {
        int debit = accounts.find(b.debitHigh[i], b.debitLow[i]);
        if (debit < 0) {
            return CreateTransferResult.DEBIT_ACCOUNT_NOT_FOUND;
        }
        int credit = accounts.find(b.creditHigh[i], b.creditLow[i]);
        if (credit < 0) {
            return CreateTransferResult.CREDIT_ACCOUNT_NOT_FOUND;
        }
        if (accounts.ledger(debit) != accounts.ledger(credit)) {
            return CreateTransferResult.ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER;
        }
        // Ledger 0 means "the accounts' ledger" (the API's currency is optional).
        if (b.ledger[i] != 0 && b.ledger[i] != accounts.ledger(debit)) {
            return CreateTransferResult.TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS;
        }
        if ((accounts.flags(debit) & AccountFlags.CLOSED) != 0) {
            return CreateTransferResult.DEBIT_ACCOUNT_ALREADY_CLOSED;
        }
        if ((accounts.flags(credit) & AccountFlags.CLOSED) != 0) {
            return CreateTransferResult.CREDIT_ACCOUNT_ALREADY_CLOSED;
        }
        actualAmount(b, i, debit, credit);
        long amountHigh = outcome.amountHigh;
        long amountLow = outcome.amountLow;
        CreateTransferResult limits = checkLimits(b, i, debit, credit, amountHigh, amountLow, timestamp);
        if (limits != CreateTransferResult.OK) {
            outcome.set(timestamp, 0, 0);
            return limits;
        }
        apply(b, i, debit, credit, amountHigh, amountLow, timestamp);
        return CreateTransferResult.OK;
    }

    /** Sets {@link #outcome}'s amount: the requested amount, reduced by the balancing flags. */
    private void actualAmount(TransferBatch b, int i, int debit, int credit) {
        long high = b.amountHigh[i];
        long low = b.amountLow[i];
        if ((b.flags[i] & TransferFlags.BALANCING_DEBIT) != 0) {
            // At most credits_posted - (debits_posted + debits_pending), saturating at zero.
            room(debit, CREDITS_POSTED, DEBITS_POSTED, DEBITS_PENDING);
            if (UInt128.compare(roomHigh, roomLow, high, low) < 0) {
                high = roomHigh;
                low = roomLow;
            }
        }
        if ((b.flags[i] & TransferFlags.BALANCING_CREDIT) != 0) {
            room(credit, DEBITS_POSTED, CREDITS_POSTED, CREDITS_PENDING);
            if (UInt128.compare(roomHigh, roomLow, high, low) < 0) {
                high = roomHigh;
                low = roomLow;
            }
        }
        outcome.amountHigh = high;
        outcome.amountLow = low;
    }

    // The result of room(): scratch, so that no pair of longs is allocated.
    private long roomHigh;
    private long roomLow;

    /** Sets roomHigh/roomLow to {@code limit - (a + b)}, saturating at zero; a + b never overflows (invariant). */
    private void room(int slot, int limit, int a, int b) {
        long sumHigh = sumHigh(slot, a, b);
        long sumLow = sumLow(slot, a, b);
        long limitHigh = accounts.balanceHigh(slot, limit);
        long limitLow = accounts.balanceLow(slot, limit);
        boolean none = UInt128.compare(limitHigh, limitLow, sumHigh, sumLow) <= 0;
        roomHigh = none ? 0 : UInt128.subtractHigh(limitHigh, limitLow, sumHigh, sumLow);
        roomLow = none ? 0 : UInt128.subtractLow(limitLow, sumLow);
    }

    private long sumHigh(int slot, int a, int b) {
        Invariants.check(!UInt128.addOverflows(accounts.balanceHigh(slot, a), accounts.balanceLow(slot, a),
                accounts.balanceHigh(slot, b), accounts.balanceLow(slot, b)), "pending + posted never overflows");
        return UInt128.addHigh(accounts.balanceHigh(slot, a), accounts.balanceLow(slot, a),
                accounts.balanceHigh(slot, b), accounts.balanceLow(slot, b));
    }

    private long sumLow(int slot, int a, int b) {
        return UInt128.addLow(accounts.balanceLow(slot, a), accounts.balanceLow(slot, b));
    }

    /** Overflow, timeout, balance-limit and capacity checks, in precedence order. */
    private CreateTransferResult checkLimits(TransferBatch b, int i, int debit, int credit, long high, long low,
            long timestamp) {
        boolean isPending = (b.flags[i] & TransferFlags.PENDING) != 0;
        if (isPending && overflows(debit, DEBITS_PENDING, high, low)) {
            return CreateTransferResult.OVERFLOWS_DEBITS_PENDING;
        }
        if (isPending && overflows(credit, CREDITS_PENDING, high, low)) {
            return CreateTransferResult.OVERFLOWS_CREDITS_PENDING;
        }
        if (overflows(debit, DEBITS_POSTED, high, low)) {
            return CreateTransferResult.OVERFLOWS_DEBITS_POSTED;
        }
        if (overflows(credit, CREDITS_POSTED, high, low)) {
            return CreateTransferResult.OVERFLOWS_CREDITS_POSTED;
        }
        if (UInt128.addOverflows(sumHigh(debit, DEBITS_PENDING, DEBITS_POSTED),
                sumLow(debit, DEBITS_PENDING, DEBITS_POSTED), high, low)) {
            return CreateTransferResult.OVERFLOWS_DEBITS;
        }
        if (UInt128.addOverflows(sumHigh(credit, CREDITS_PENDING, CREDITS_POSTED),
                sumLow(credit, CREDITS_PENDING, CREDITS_POSTED), high, low)) {
            return CreateTransferResult.OVERFLOWS_CREDITS;
        }
        if (b.timeoutSeconds[i] * LedgerLimits.NANOS_PER_SECOND > Long.MAX_VALUE - timestamp) {
            return CreateTransferResult.OVERFLOWS_TIMEOUT;
        }
        if (exceeds(debit, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS, DEBITS_PENDING, DEBITS_POSTED,
                CREDITS_POSTED, high, low)) {
            return CreateTransferResult.EXCEEDS_CREDITS;
        }
        if (exceeds(credit, AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS, CREDITS_PENDING, CREDITS_POSTED,
                DEBITS_POSTED, high, low)) {
            return CreateTransferResult.EXCEEDS_DEBITS;
        }
        if (isPending && engine.pendings.size() >= LedgerLimits.PENDING_TRANSFERS_OPEN_MAX) {
            return CreateTransferResult.PENDING_TRANSFER_LIMIT_REACHED;
        }
        return CreateTransferResult.OK;
    }

    private boolean overflows(int slot, int field, long high, long low) {
        return UInt128.addOverflows(accounts.balanceHigh(slot, field), accounts.balanceLow(slot, field), high, low);
    }

    /** With {@code flag} set: pending + posted + amount > limit (the sum fits: overflow was checked). */
    private boolean exceeds(int slot, int flag, int pendingField, int postedField, int limitField, long high,
            long low) {
        if ((accounts.flags(slot) & flag) == 0) {
            return false;
        }
        long sumHigh = sumHigh(slot, pendingField, postedField);
        long sumLow = sumLow(slot, pendingField, postedField);
        long totalHigh = UInt128.addHigh(sumHigh, sumLow, high, low);
        long totalLow = UInt128.addLow(sumLow, low);
        return UInt128.compare(totalHigh, totalLow, accounts.balanceHigh(slot, limitField),
                accounts.balanceLow(slot, limitField)) > 0;
    }

    private void apply(TransferBatch b, int i, int debit, int credit, long high, long low, long timestamp) {
        TransferLog log = engine.current().transfers;
        int entry = log.add();
        copyBatch(b, i, log, entry);
        log.ledger[entry] = accounts.ledger(debit);
        log.amountHigh[entry] = high;
        log.amountLow[entry] = low;
        log.timestamp[entry] = timestamp;
        engine.touchAccount(debit);
        engine.touchAccount(credit);
        engine.indexTransfer(entry, debit, credit);
        int flags = b.flags[i];
        if ((flags & TransferFlags.PENDING) != 0) {
            engine.addBalance(debit, DEBITS_PENDING, high, low);
            engine.addBalance(credit, CREDITS_PENDING, high, low);
            engine.openPending(entry, debit, credit);
        } else {
            engine.addBalance(debit, DEBITS_POSTED, high, low);
            engine.addBalance(credit, CREDITS_POSTED, high, low);
        }
        if ((flags & TransferFlags.CLOSING_DEBIT) != 0) {
            engine.setAccountFlags(debit, accounts.flags(debit) | AccountFlags.CLOSED);
        }
        if ((flags & TransferFlags.CLOSING_CREDIT) != 0) {
            engine.setAccountFlags(credit, accounts.flags(credit) | AccountFlags.CLOSED);
        }
        engine.recordHistory(debit, timestamp);
        engine.recordHistory(credit, timestamp);
        outcome.set(timestamp, high, low);
    }

    private static void copyBatch(TransferBatch b, int i, TransferLog log, int entry) {
        log.idHigh[entry] = b.idHigh[i];
        log.idLow[entry] = b.idLow[i];
        log.debitHigh[entry] = b.debitHigh[i];
        log.debitLow[entry] = b.debitLow[i];
        log.creditHigh[entry] = b.creditHigh[i];
        log.creditLow[entry] = b.creditLow[i];
        log.pendingHigh[entry] = b.pendingHigh[i];
        log.pendingLow[entry] = b.pendingLow[i];
        log.userData128High[entry] = b.userData128High[i];
        log.userData128Low[entry] = b.userData128Low[i];
        log.userData64[entry] = b.userData64[i];
        log.userData32[entry] = b.userData32[i];
        log.timeoutSeconds[entry] = b.timeoutSeconds[i];
        log.ledger[entry] = b.ledger[i];
        log.code[entry] = b.code[i];
        log.flags[entry] = b.flags[i];
        log.metadata[entry] = b.metadata[i];
    }

    /** Writes a stored transfer into a log entry (recovery of open pending transfers). */
    static void copyRecord(TransferRecord r, TransferLog log, int entry) {
        log.idHigh[entry] = r.id().high();
        log.idLow[entry] = r.id().low();
        log.debitHigh[entry] = r.debitAccountId().high();
        log.debitLow[entry] = r.debitAccountId().low();
        log.creditHigh[entry] = r.creditAccountId().high();
        log.creditLow[entry] = r.creditAccountId().low();
        log.amountHigh[entry] = r.amount().high();
        log.amountLow[entry] = r.amount().low();
        log.pendingHigh[entry] = r.pendingId().high();
        log.pendingLow[entry] = r.pendingId().low();
        log.userData128High[entry] = r.userData128().high();
        log.userData128Low[entry] = r.userData128().low();
        log.userData64[entry] = r.userData64();
        log.userData32[entry] = r.userData32();
        log.timeoutSeconds[entry] = r.timeoutSeconds();
        log.ledger[entry] = r.ledger();
        log.code[entry] = r.code();
        log.flags[entry] = r.flags();
        log.timestamp[entry] = r.timestamp();
        log.previousDebit[entry] = r.previousDebitTimestamp();
        log.previousCredit[entry] = r.previousCreditTimestamp();
        log.metadata[entry] = r.metadata();
    }
}
