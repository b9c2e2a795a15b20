package dev.settle.ledger;

import java.util.Arrays;

/**
 * One ledger's state machine: accounts, transfers, pending transfers and their expiry.
 *
 * <p>Single-threaded: one writer owns an engine. A batch runs as
 * {@link #beginBatch} (expires due pending transfers), any number of
 * {@link #createAccounts}, {@link #createTransfers} and {@link #createTransaction} calls, then
 * {@link #endBatch}, which hands back the {@link BatchChanges} for the store to write in one
 * atomic batch. What a batch created stays visible to later batches from memory until the writer
 * calls {@link #releaseThrough} once the batch is durable.
 *
 * <p>Time comes in with {@link #beginBatch}: every event gets its own timestamp, strictly
 * increasing, never below the batch's time. The engine never reads a clock.
 */
public final class LedgerEngine {
    /** The batch being applied plus the batches still being written. */
    static final int GENERATIONS_MAX = 3;
    private static final int DIRTY_INITIAL = 256;

    final AccountTable accounts = new AccountTable();
    final PendingTable pendings = new PendingTable();
    private final TransferIdFilter knownTransferIds = new TransferIdFilter(TransferIdFilter.CAPACITY_MIN);
    /** False while stored ids are still being restored: then every id may be known. */
    private boolean transferIdsComplete = true;
    private final UndoLog undo = new UndoLog();
    private final Generation[] live = new Generation[GENERATIONS_MAX]; // oldest first
    private final Generation[] spare = new Generation[GENERATIONS_MAX];
    private int liveCount;
    private int spareCount;
    final HistoryLog history = new HistoryLog();
    int[] createdAccountSlots = new int[DIRTY_INITIAL];
    byte[][] createdAccountMetadata = new byte[DIRTY_INITIAL][];
    int[] createdAccountFlags = new int[DIRTY_INITIAL];
    int createdAccountCount;
    int[] dirtySlots = new int[DIRTY_INITIAL];
    int dirtyCount;
    private long[] dirtyEpoch = new long[DIRTY_INITIAL];
    private CommittedLookup committed = CommittedLookup.EMPTY;
    private long lastTimestamp;
    private long batchSequence;
    private long batchNow;
    private boolean inBatch;

    private boolean scopeOpen;
    private int undoMark;
    private int transfersMark;
    private int closedMark;
    private int historyMark;
    private int createdAccountsMark;
    private int dirtyMark;

    private final AccountCreation accountCreation = new AccountCreation(this);
    private final TransferCreation transferCreation = new TransferCreation(this);
    private final PendingExpiry pendingExpiry = new PendingExpiry(this);
    private final TransactionCreation transactionCreation = new TransactionCreation(this, transferCreation);
    private final ChainRunner chains = new ChainRunner(this);
    private final BatchChanges changes = new BatchChanges(this);

    public LedgerEngine() {
        for (int i = 0; i < GENERATIONS_MAX; i++) {
            spare[spareCount++] = new Generation();
        }
    }

    // ---- Batch lifecycle ----

    /**
     * Starts a batch at {@code nowNanos} (nanoseconds since the Unix epoch) reading earlier,
     * durable batches through {@code lookup}; expires the pending transfers due by then, up to
     * {@link LedgerLimits#EXPIRIES_PER_BATCH_MAX}.
     */
    public void beginBatch(long nowNanos, CommittedLookup lookup) {
        Invariants.check(!inBatch, "batches do not nest");
        Invariants.check(nowNanos > 0, "batch time is positive");
        Invariants.check(spareCount > 0, "release durable batches before starting more");
        inBatch = true;
        batchSequence++;
        batchNow = nowNanos;
        committed = lookup;
        Generation generation = spare[--spareCount];
        generation.reset(batchSequence);
        live[liveCount++] = generation;
        history.truncate(0);
        Arrays.fill(createdAccountMetadata, 0, createdAccountCount, null);
        createdAccountCount = 0;
        dirtyCount = 0;
        undo.clear();
        pendingExpiry.expireDue(nowNanos);
    }

    public void createAccounts(AccountBatch batch, AccountResults results) {
        Invariants.check(inBatch, "commands run inside a batch");
        results.reset(batch.size());
        chains.run(accountCreation.bind(batch, results));
    }

    public void createTransfers(TransferBatch batch, TransferResults results) {
        Invariants.check(inBatch, "commands run inside a batch");
        results.reset(batch.size());
        chains.run(transferCreation.bind(batch, results));
    }

    public TransactionOutcome createTransaction(NewTransaction transaction) {
        Invariants.check(inBatch, "commands run inside a batch");
        return transactionCreation.create(transaction);
    }

    /**
     * The transfer (or failed id) with this id, as the batch sees it now: created in this or a
     * recent batch, or stored. Only inside a batch (the store lookup is the batch's).
     */
    public KnownTransferId findTransfer(long idHigh, long idLow) {
        Invariants.check(inBatch, "lookups run inside a batch");
        return lookupTransfer(idHigh, idLow);
    }

    /** Ends the batch; the returned view is valid until the next {@link #beginBatch}. */
    public BatchChanges endBatch() {
        Invariants.check(inBatch, "endBatch follows beginBatch");
        Invariants.check(!scopeOpen, "no chain is open at the end of a batch");
        inBatch = false;
        committed = CommittedLookup.EMPTY;
        rememberTransferIds(current());
        return changes;
    }

    /** Adds the ids this batch used to the filter (rolled-back ones are gone by now). */
    private void rememberTransferIds(Generation generation) {
        TransferLog log = generation.transfers;
        for (int i = 0; i < log.size(); i++) {
            knownTransferIds.add(log.idHigh(i), log.idLow(i));
        }
        FailedIdLog failed = generation.failedTransfers;
        for (int i = 0; i < failed.size(); i++) {
            knownTransferIds.add(failed.idHigh(i), failed.idLow(i));
        }
    }

    /** Forgets, from memory, what batches up to {@code sequence} created: the store has it now. */
    public void releaseThrough(long sequence) {
        while (liveCount > 0 && live[0].sequence <= sequence && !(inBatch && liveCount == 1)) {
            spare[spareCount++] = live[0];
            System.arraycopy(live, 1, live, 0, liveCount - 1);
            live[--liveCount] = null;
        }
    }

    /** The engine time of the next due expiry, or Long.MAX_VALUE when no pending transfer can expire. */
    public long nextExpiryAt() {
        int slot = pendings.expiries().peek();
        return slot < 0 ? Long.MAX_VALUE : pendings.expiresAt(slot);
    }

    /** The ledger's accounts, read-only (the writer thread's view: it includes batches not yet durable). */
    public BatchChanges.Accounts accounts() {
        return accounts;
    }

    /** The account with this id as a value (metadata null), or null; as the batches so far left it. */
    public AccountRecord findAccount(long idHigh, long idLow) {
        int slot = accounts.find(idHigh, idLow);
        return slot < 0 ? null : accounts.record(slot);
    }

    /** How many pending transfers are open (neither posted, voided nor expired). */
    public int openPendingCount() {
        return pendings.size();
    }

    /**
     * True when the pending transfer with this id is open and cannot expire by {@code nanos}: then
     * a post or void of it at that time is answered from memory, without reading the store.
     */
    public boolean pendingStaysOpenThrough(long idHigh, long idLow, long nanos) {
        int slot = pendings.find(idHigh, idLow);
        if (slot < 0) {
            return false;
        }
        long expiresAt = pendings.expiresAt(slot);
        return expiresAt == 0 || expiresAt > nanos;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** The sequence number of the newest batch begun (0 before the first). */
    public long batchSequence() {
        return batchSequence;
    }

    /**
     * False when no batch ever created a transfer, or failed one, with this id: the store need not
     * be asked. True when one may have (a few percent of new ids answer true).
     */
    public boolean mightKnowTransfer(long idHigh, long idLow) {
        return !transferIdsComplete || knownTransferIds.mightContain(idHigh, idLow);
    }

    /**
     * Starts restoring stored ids off the engine's thread: until {@link #completeTransferIdRestore},
     * every id counts as possibly known. Call before the first batch.
     */
    public TransferIdRestore beginTransferIdRestore(long expectedIds) {
        Invariants.check(!inBatch && liveCount == 0, "restore before the first batch");
        transferIdsComplete = false;
        return new TransferIdRestore(expectedIds);
    }

    /** Installs the restored ids (between batches, on the engine's thread). */
    public void completeTransferIdRestore(TransferIdRestore restore) {
        Invariants.check(!inBatch, "install restored ids between batches");
        Invariants.check(!transferIdsComplete, "a restore was begun");
        knownTransferIds.absorb(restore.filter);
        transferIdsComplete = true;
    }

    public boolean transferIdsComplete() {
        return transferIdsComplete;
    }

    // ---- Recovery: called before the first batch, with what the store holds ----

    /** Restores a stored transfer id (created or failed), so that lookups know to ask the store. */
    public void restoreTransferId(long idHigh, long idLow) {
        Invariants.check(!inBatch && liveCount == 0, "restore before the first batch");
        knownTransferIds.add(idHigh, idLow);
    }

    public void restorePosition(long timestamp, long sequence) {
        Invariants.check(!inBatch && liveCount == 0, "restore before the first batch");
        lastTimestamp = timestamp;
        batchSequence = sequence;
    }

    public void restoreAccount(AccountRecord a) {
        Invariants.check(!inBatch && liveCount == 0, "restore before the first batch");
        int slot = accounts.append(a.id().high(), a.id().low(), a.ledger(), a.code(), a.flags(),
                a.userData128().high(), a.userData128().low(), a.userData64(), a.userData32(), a.timestamp(),
                MetadataDigest.of(a.metadata()));
        accounts.setBalance(slot, AccountTable.DEBITS_PENDING, a.debitsPending().high(), a.debitsPending().low());
        accounts.setBalance(slot, AccountTable.DEBITS_POSTED, a.debitsPosted().high(), a.debitsPosted().low());
        accounts.setBalance(slot, AccountTable.CREDITS_PENDING, a.creditsPending().high(), a.creditsPending().low());
        accounts.setBalance(slot, AccountTable.CREDITS_POSTED, a.creditsPosted().high(), a.creditsPosted().low());
        accounts.setLastTransfer(slot, a.lastTransferTimestamp());
    }

    /**
     * Overwrites a restored account's flags, newest transfer and balances (eight longs: each
     * balance field of {@link BatchChanges.Accounts} as high, then low); returns its slot, or -1 when no such account was restored.
     */
    public int restoreAccountState(long idHigh, long idLow, int flags, long lastTransfer, long[] balances) {
        Invariants.check(!inBatch && liveCount == 0, "restore before the first batch");
        int slot = accounts.find(idHigh, idLow);
        if (slot < 0) {
            return -1;
        }
        accounts.setFlags(slot, flags);
        accounts.setLastTransfer(slot, lastTransfer);
        for (int field = 0; field < AccountTable.BALANCE_LONGS; field += 2) {
            accounts.setBalance(slot, field, balances[field], balances[field + 1]);
        }
        return slot;
    }

    /** Restores an open pending transfer; its accounts must have been restored first. */
    public void restorePending(TransferRecord p) {
        Invariants.check(!inBatch && liveCount == 0, "restore before the first batch");
        Invariants.check(p.status() == TransferStatus.PENDING && p.hasFlag(TransferFlags.PENDING), "open pending");
        int debit = accounts.find(p.debitAccountId().high(), p.debitAccountId().low());
        int credit = accounts.find(p.creditAccountId().high(), p.creditAccountId().low());
        Invariants.check(debit >= 0 && credit >= 0, "a pending transfer's accounts exist");
        TransferLog scratch = new TransferLog();
        int entry = scratch.add();
        TransferCreation.copyRecord(p, scratch, entry);
        pendings.open(scratch, entry, debit, credit);
    }

    // ---- Timestamps, lookups and journaled mutations, for the operations ----

    long nextTimestamp() {
        lastTimestamp = Math.max(lastTimestamp + 1, batchNow);
        return lastTimestamp;
    }

    Generation current() {
        return live[liveCount - 1];
    }

    /**
     * The transfer or failed id with this id: from recent batches first, then the store. The
     * filter holds the ids of every batch before this one, so a new id is answered from the
     * current batch alone, and the pod plans its reads with the same filter.
     */
    KnownTransferId lookupTransfer(long high, long low) {
        boolean earlier = mightKnowTransfer(high, low);
        for (int g = liveCount - 1; g >= (earlier ? 0 : liveCount - 1); g--) {
            Generation generation = live[g];
            int entry = generation.transferIndex.get(high, low);
            if (entry != IdMap.MISSING) {
                TransferLog log = generation.transfers;
                return withClosedStatus(log.record(entry, TransferStatus.initial(log.flags(entry))));
            }
            int failed = generation.failedTransferIndex.get(high, low);
            if (failed != IdMap.MISSING) {
                FailedIdLog log = generation.failedTransfers;
                return new KnownTransferId.Failed(CreateTransferResult.ofOrdinal(log.result(failed)),
                        log.timestamp(failed));
            }
        }
        if (!earlier) {
            return null;
        }
        KnownTransferId stored = committed.findTransfer(high, low);
        return stored instanceof TransferRecord record ? withClosedStatus(record) : stored;
    }

    /** Applies a close that recent batches made and the store does not know yet. */
    private TransferRecord withClosedStatus(TransferRecord record) {
        if (record.status() != TransferStatus.PENDING) {
            return record;
        }
        for (int g = liveCount - 1; g >= 0; g--) {
            TransferStatus closed = live[g].closedStatus(record.id().high(), record.id().low());
            if (closed != null) {
                return record.withStatus(closed);
            }
        }
        return record;
    }

    KnownTransactionId lookupTransaction(long high, long low) {
        for (int g = liveCount - 1; g >= 0; g--) {
            Generation generation = live[g];
            int entry = generation.transactionIndex.get(high, low);
            if (entry != IdMap.MISSING) {
                return generation.transactions.get(entry);
            }
            int failed = generation.failedTransactionIndex.get(high, low);
            if (failed != IdMap.MISSING) {
                FailedIdLog log = generation.failedTransactions;
                return new KnownTransactionId.Failed(CreateTransactionResult.ofOrdinal(log.result(failed)),
                        log.timestamp(failed));
            }
        }
        return committed.findTransaction(high, low);
    }

    /** Saves an account's state for rollback (inside a chain) and marks it for writing. */
    void touchAccount(int slot) {
        if (scopeOpen) {
            undo.pushAccount(accounts, slot);
        }
        markDirty(slot);
    }

    void addBalance(int slot, int field, long high, long low) {
        long oldHigh = accounts.balanceHigh(slot, field);
        long oldLow = accounts.balanceLow(slot, field);
        Invariants.check(!UInt128.addOverflows(oldHigh, oldLow, high, low), "balance overflow is checked first");
        accounts.setBalance(slot, field, UInt128.addHigh(oldHigh, oldLow, high, low), UInt128.addLow(oldLow, low));
    }

    void subtractBalance(int slot, int field, long high, long low) {
        long oldHigh = accounts.balanceHigh(slot, field);
        long oldLow = accounts.balanceLow(slot, field);
        Invariants.check(UInt128.compare(oldHigh, oldLow, high, low) >= 0, "a balance never goes below zero");
        accounts.setBalance(slot, field, UInt128.subtractHigh(oldHigh, oldLow, high, low),
                UInt128.subtractLow(oldLow, low));
    }

    void setAccountFlags(int slot, int flags) {
        accounts.setFlags(slot, flags);
    }

    int createAccountSlot(AccountBatch batch, int i, long timestamp) {
        int slot = accounts.append(batch.idHigh[i], batch.idLow[i], batch.ledger[i], batch.code[i], batch.flags[i],
                batch.userData128High[i], batch.userData128Low[i], batch.userData64[i], batch.userData32[i],
                timestamp, MetadataDigest.of(batch.metadata[i]));
        if (createdAccountCount == createdAccountSlots.length) {
            createdAccountSlots = Arrays.copyOf(createdAccountSlots, createdAccountCount * 2);
            createdAccountMetadata = Arrays.copyOf(createdAccountMetadata, createdAccountCount * 2);
            createdAccountFlags = Arrays.copyOf(createdAccountFlags, createdAccountCount * 2);
        }
        createdAccountSlots[createdAccountCount] = slot;
        createdAccountFlags[createdAccountCount] = batch.flags[i];
        createdAccountMetadata[createdAccountCount] = batch.metadata[i];
        createdAccountCount++;
        markDirty(slot);
        return slot;
    }

    /**
     * Registers the transfer just written at {@code entry} of the current generation's log: in the
     * id index, and at the head of both accounts' transfer chains (which the caller has touched).
     */
    void indexTransfer(int entry, int debitSlot, int creditSlot) {
        TransferLog log = current().transfers;
        log.previousDebit[entry] = accounts.lastTransferTimestamp(debitSlot);
        log.previousCredit[entry] = accounts.lastTransferTimestamp(creditSlot);
        accounts.setLastTransfer(debitSlot, log.timestamp[entry]);
        accounts.setLastTransfer(creditSlot, log.timestamp[entry]);
        indexTransfer(entry);
    }

    private void indexTransfer(int entry) {
        Generation generation = current();
        int previous = generation.transferIndex.put(generation.transfers.idHigh(entry),
                generation.transfers.idLow(entry), entry);
        Invariants.check(previous == IdMap.MISSING, "a transfer id is created once");
    }

    void openPending(int entry, int debitSlot, int creditSlot) {
        int slot = pendings.open(current().transfers, entry, debitSlot, creditSlot);
        if (scopeOpen) {
            undo.pushPendingOpened(slot);
        }
    }

    void closePending(int slot, TransferStatus status, long timestamp) {
        Generation generation = current();
        long high = pendings.idHigh(slot);
        long low = pendings.idLow(slot);
        boolean sameBatch = generation.transferIndex.get(high, low) != IdMap.MISSING;
        int entry = generation.closed.add(high, low, pendings.timestamp(slot), pendings.amountHigh(slot),
                pendings.amountLow(slot), status, timestamp, sameBatch);
        int previous = generation.closedIndex.put(high, low, entry);
        Invariants.check(previous == IdMap.MISSING, "a pending transfer closes once");
        if (scopeOpen) {
            undo.pushPendingClosed(pendings, slot);
        }
        pendings.close(slot);
    }

    void recordHistory(int slot, long timestamp) {
        if ((accounts.flags(slot) & AccountFlags.HISTORY) != 0) {
            history.add(accounts, slot, timestamp);
        }
    }

    void recordFailedTransfer(long high, long low, CreateTransferResult result, long timestamp) {
        Invariants.check(result.isTransient(), "only transient failures keep their id");
        Generation generation = current();
        int entry = generation.failedTransfers.add(high, low, result.ordinal(), timestamp);
        generation.failedTransferIndex.put(high, low, entry);
    }

    void recordFailedTransaction(long high, long low, CreateTransactionResult result, long timestamp) {
        Invariants.check(result.isTransient(), "only transient failures keep their id");
        Generation generation = current();
        int entry = generation.failedTransactions.add(high, low, result.ordinal(), timestamp);
        generation.failedTransactionIndex.put(high, low, entry);
    }

    void recordTransaction(TransactionRecord record) {
        Generation generation = current();
        generation.transactions.add(record);
        generation.transactionIndex.put(record.id().high(), record.id().low(), generation.transactions.size() - 1);
    }

    private void markDirty(int slot) {
        if (slot >= dirtyEpoch.length) {
            dirtyEpoch = Arrays.copyOf(dirtyEpoch, Math.max(dirtyEpoch.length * 2, slot + 1));
        }
        if (dirtyEpoch[slot] != batchSequence) {
            dirtyEpoch[slot] = batchSequence;
            if (dirtyCount == dirtySlots.length) {
                dirtySlots = Arrays.copyOf(dirtySlots, dirtyCount * 2);
            }
            dirtySlots[dirtyCount++] = slot;
        }
    }

    // ---- Scopes: a linked chain applies whole or rolls back ----

    void openScope() {
        Invariants.check(!scopeOpen, "scopes do not nest");
        scopeOpen = true;
        Generation generation = current();
        undoMark = undo.mark();
        transfersMark = generation.transfers.size();
        closedMark = generation.closed.size();
        historyMark = history.size();
        createdAccountsMark = createdAccountCount;
        dirtyMark = dirtyCount;
    }

    void commitScope() {
        Invariants.check(scopeOpen, "commit an open scope");
        scopeOpen = false;
        undo.clear();
    }

    void discardScope() {
        Invariants.check(scopeOpen, "discard an open scope");
        undo.rollback(undoMark, accounts, pendings);
        Generation generation = current();
        generation.truncateTransfers(transfersMark);
        generation.truncateClosed(closedMark);
        history.truncate(historyMark);
        for (int i = createdAccountCount - 1; i >= createdAccountsMark; i--) {
            accounts.removeLast(createdAccountSlots[i]);
            createdAccountMetadata[i] = null;
        }
        createdAccountCount = createdAccountsMark;
        for (int i = dirtyMark; i < dirtyCount; i++) {
            dirtyEpoch[dirtySlots[i]] = 0;
        }
        dirtyCount = dirtyMark;
        scopeOpen = false;
        undo.clear();
    }
}
