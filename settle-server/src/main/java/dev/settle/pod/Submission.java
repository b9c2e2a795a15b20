package dev.settle.pod;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.AccountResults;
import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.TransactionLegs;
import dev.settle.ledger.TransactionOutcome;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferResults;
import dev.settle.ledger.UInt128;
import dev.settle.store.StorePrefetch;
import dev.settle.tracing.RequestTrace;
import java.util.concurrent.CompletableFuture;

/** One caller's command waiting in a pod's queue, with the future that answers it. */
abstract sealed class Submission<R> permits Submission.Transfers, Submission.Accounts, Submission.Transaction,
        Submission.Barrier, Submission.LedgerChange {
    /** The ledger number of a submission that concerns every ledger of the pod. */
    static final int ALL_LEDGERS = -1;

    final CompletableFuture<R> future = new CompletableFuture<>();
    /** The ledger it applies to, or {@link #ALL_LEDGERS}. */
    final int ledger;
    /** A response to store with the effect, or null. */
    DurableResponse response;
    /** When it entered the queue (the pod's wait clock), for the queue delay that load shedding reads. */
    long enqueuedNanos;
    /** The trace of the request that submitted it, or null: untraced, and then the pod does nothing for it. */
    RequestTrace trace;

    Submission(int ledger) {
        this.ledger = ledger;
    }

    /** What the future will complete with; valid once applied. */
    abstract Object outcome();

    /** How much of a batch it takes. */
    abstract int events();

    /**
     * Pending transfers expiring this close to the collection time are read too: the batch's own
     * time comes a little later, and expiry at its start may close them before a post applies.
     */
    static final long EXPIRY_PREFETCH_MARGIN_NANOS = 1_000_000_000L;

    /** Announces every id the engine may look up for it, at time {@code nowNanos}. Runs on the writer thread. */
    abstract void collectIds(StorePrefetch prefetch, LedgerEngine engine, long nowNanos);

    /** Applies it. Runs on the writer thread. */
    abstract void apply(LedgerEngine engine);

    /** Completes the future; called once the batch is durable. */
    abstract void complete();

    /** Counts its outcomes by result code; called on the committer thread once the batch is durable. */
    void countOutcomes(PodStats stats) {
        // Barriers and ledger changes have no outcome to count.
    }

    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }

    static final class Transfers extends Submission<TransferOutcomes> {
        private final TransferBatch batch;
        private final TransferResults results;
        private final TransferRecord[] records;

        Transfers(int ledger, TransferBatch batch, boolean withRecords) {
            super(ledger);
            this.batch = batch;
            this.results = new TransferResults(batch.size());
            this.records = withRecords ? new TransferRecord[batch.size()] : null;
        }

        @Override
        Object outcome() {
            return new TransferOutcomes(results, records);
        }

        @Override
        int events() {
            return batch.size();
        }

        @Override
        void collectIds(StorePrefetch prefetch, LedgerEngine engine, long nowNanos) {
            for (int i = 0; i < batch.size(); i++) {
                addIfKnown(prefetch, engine, batch.idHigh(i), batch.idLow(i));
                boolean resolves = (batch.flags(i)
                        & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0;
                if (resolves && mayBeClosedWhenApplied(prefetch, engine, i, nowNanos)) {
                    addIfKnown(prefetch, engine, batch.pendingIdHigh(i), batch.pendingIdLow(i));
                }
            }
        }

        /**
         * Open pending transfers are answered from memory, unless this batch may close them before
         * the post or void applies: by expiry at the batch's start, or by an earlier post or void.
         */
        private boolean mayBeClosedWhenApplied(StorePrefetch prefetch, LedgerEngine engine, int i, long nowNanos) {
            long high = batch.pendingIdHigh(i);
            long low = batch.pendingIdLow(i);
            boolean first = prefetch.firstReferenceToPending(high, low);
            return !first || !engine.pendingStaysOpenThrough(high, low, nowNanos + EXPIRY_PREFETCH_MARGIN_NANOS);
        }

        @Override
        void apply(LedgerEngine engine) {
            engine.createTransfers(batch, results);
            if (records != null) {
                for (int i = 0; i < results.size(); i++) {
                    CreateTransferResult r = results.result(i);
                    if (r == CreateTransferResult.OK || r == CreateTransferResult.EXISTS) {
                        records[i] = (TransferRecord) engine.findTransfer(batch.idHigh(i), batch.idLow(i));
                    }
                }
            }
        }

        @Override
        void complete() {
            future.complete(new TransferOutcomes(results, records));
        }

        @Override
        void countOutcomes(PodStats stats) {
            for (int i = 0; i < results.size(); i++) {
                stats.recordTransferResult(results.result(i));
            }
        }
    }

    /** New ids (the engine has never seen them) need no read: it answers them without asking. */
    static void addIfKnown(StorePrefetch prefetch, LedgerEngine engine, long high, long low) {
        if (engine.mightKnowTransfer(high, low)) {
            prefetch.addTransfer(high, low);
        }
    }

    static final class Accounts extends Submission<AccountOutcomes> {
        private final AccountBatch batch;
        private final AccountResults results;
        private final AccountRecord[] records;

        Accounts(int ledger, AccountBatch batch, boolean withRecords) {
            super(ledger);
            this.batch = batch;
            this.results = new AccountResults(batch.size());
            this.records = withRecords ? new AccountRecord[batch.size()] : null;
        }

        @Override
        Object outcome() {
            return new AccountOutcomes(results, records);
        }

        @Override
        int events() {
            return batch.size();
        }

        @Override
        void collectIds(StorePrefetch prefetch, LedgerEngine engine, long nowNanos) {
            // Accounts are all in memory.
        }

        @Override
        void apply(LedgerEngine engine) {
            engine.createAccounts(batch, results);
            if (records != null) {
                for (int i = 0; i < results.size(); i++) {
                    CreateAccountResult r = results.result(i);
                    if (r == CreateAccountResult.OK || r == CreateAccountResult.EXISTS) {
                        UInt128 id = batch.get(i).id();
                        records[i] = engine.findAccount(id.high(), id.low());
                    }
                }
            }
        }

        @Override
        void complete() {
            future.complete(new AccountOutcomes(results, records));
        }

        @Override
        void countOutcomes(PodStats stats) {
            for (int i = 0; i < results.size(); i++) {
                stats.recordAccountResult(results.result(i));
            }
        }
    }

    static final class Transaction extends Submission<TransactionOutcome> {
        private final NewTransaction transaction;
        private TransactionOutcome outcome;

        Transaction(int ledger, NewTransaction transaction) {
            super(ledger);
            this.transaction = transaction;
        }

        @Override
        int events() {
            return Math.max(1, transaction.entries().size());
        }

        @Override
        void collectIds(StorePrefetch prefetch, LedgerEngine engine, long nowNanos) {
            UInt128 id = transaction.id();
            prefetch.addTransaction(id.high(), id.low());
            int legs = Math.min(transaction.entries().size() - 1, LedgerLimits.TRANSACTION_LEGS_MAX);
            for (int k = 0; k < legs; k++) {
                UInt128 leg = TransactionLegs.legId(id, k);
                addIfKnown(prefetch, engine, leg.high(), leg.low());
            }
        }

        @Override
        Object outcome() {
            return outcome;
        }

        @Override
        void apply(LedgerEngine engine) {
            outcome = engine.createTransaction(transaction);
        }

        @Override
        void complete() {
            future.complete(outcome);
        }

        @Override
        void countOutcomes(PodStats stats) {
            stats.recordTransactionResult(outcome.result());
        }
    }

    /** No command: forces a batch (which expires due pending transfers) and completes once it is durable. */
    static final class Barrier extends Submission<Void> {
        Barrier() {
            super(ALL_LEDGERS);
        }

        @Override
        int events() {
            return 0;
        }

        @Override
        void collectIds(StorePrefetch prefetch, LedgerEngine engine, long nowNanos) {
            // Nothing to read.
        }

        @Override
        Object outcome() {
            return null;
        }

        @Override
        void apply(LedgerEngine engine) {
            // Nothing to apply: the batch's start already expired what was due.
        }

        @Override
        void complete() {
            future.complete(null);
        }
    }

    /**
     * A change of the pod's own ledger set (a tenant added, moved in or moved out), handled by
     * the pod's writer itself, not by an engine; it completes once its batch is durable.
     */
    abstract static sealed class LedgerChange extends Submission<Void> permits AddLedger, RemoveLedger {
        LedgerChange(int ledger) {
            super(ledger);
        }

        @Override
        int events() {
            return 0;
        }

        @Override
        void collectIds(StorePrefetch prefetch, LedgerEngine engine, long nowNanos) {
            throw new IllegalStateException("the pod handles ledger changes itself");
        }

        @Override
        Object outcome() {
            return null;
        }

        @Override
        void apply(LedgerEngine engine) {
            throw new IllegalStateException("the pod handles ledger changes itself");
        }

        @Override
        void complete() {
            future.complete(null);
        }
    }

    /** Installs a ledger recovered from the store by the caller (a new tenant's, or one moved in). */
    static final class AddLedger extends LedgerChange {
        final PodLedger prepared;

        AddLedger(PodLedger prepared) {
            super(prepared.number);
            this.prepared = prepared;
        }
    }

    /**
     * Takes a ledger out of the pod (a tenant moving away): what was queued for it before is
     * applied first; what comes after fails with {@link LedgerMovedException}, unapplied.
     */
    static final class RemoveLedger extends LedgerChange {
        RemoveLedger(int ledger) {
            super(ledger);
        }
    }
}
