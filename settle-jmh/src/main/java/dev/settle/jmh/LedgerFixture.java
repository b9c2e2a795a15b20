package dev.settle.jmh;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountResults;
import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.CommittedLookup;
import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.Currency;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferResults;
import dev.settle.ledger.UInt128;

/**
 * An engine with its accounts created, driven the way the server's writer drives it: one batch
 * per call, released as soon as it ends because a benchmark has no store to wait for.
 *
 * <p>Accounts are numbered by index from 0; account {@code k} has id {@code (0, k + 1)} because
 * id zero is invalid. Transfer ids come from a counter, so they are unique for the fixture's
 * lifetime (one JMH trial).
 */
final class LedgerFixture {
    /** Transfers per measured batch: the engine's maximum, which is what a loaded server submits. */
    static final int TRANSFERS_PER_BATCH = LedgerLimits.TRANSFERS_PER_BATCH_MAX;
    static final long LEDGER = Currency.toLedger("USD");
    /** In minor units; the engine's cost does not depend on it, and balances never come near overflow. */
    static final long TRANSFER_AMOUNT = 100;
    /** November 2023 in nanoseconds since the epoch; any positive start works. */
    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    /** Engine time between batches: more than one nanosecond per event, so batch times never lag. */
    private static final long BATCH_INTERVAL_NANOS = 1_000_000L;

    static {
        check(BATCH_INTERVAL_NANOS > Math.max(TRANSFERS_PER_BATCH, LedgerLimits.ACCOUNTS_PER_BATCH_MAX),
                "each batch starts after the previous batch's last event timestamp");
    }

    private final LedgerEngine engine = new LedgerEngine();
    private final TransferResults results = new TransferResults(TRANSFERS_PER_BATCH);
    private long batchCount;
    private long transferIdLowNext = 1;

    LedgerFixture(int accountCount) {
        if (accountCount < 2 || accountCount > LedgerLimits.ACCOUNTS_MAX) {
            throw new IllegalArgumentException(
                    "accounts must be 2.." + LedgerLimits.ACCOUNTS_MAX + ", got " + accountCount);
        }
        createAccounts(accountCount);
        check(engine.accounts().size() == accountCount, "every account was created");
    }

    static long accountIdLow(int accountIndex) {
        return accountIndex + 1L;
    }

    LedgerEngine engine() {
        return engine;
    }

    /** Gives every transfer of {@code batch} a fresh id; returns the low half of the first one. */
    long assignIds(TransferBatch batch) {
        long first = transferIdLowNext;
        for (int i = 0; i < batch.size(); i++) {
            batch.setId(i, 0, transferIdLowNext++);
        }
        return first;
    }

    /**
     * Applies {@code batch} as one engine batch and throws unless every transfer succeeded. The
     * check is one comparison: each successful transfer, post included, adds exactly one entry to
     * the batch's transfer log, and a failed one adds none.
     */
    BatchChanges apply(TransferBatch batch) {
        engine.beginBatch(nextBatchNanos(), CommittedLookup.EMPTY);
        engine.createTransfers(batch, results);
        BatchChanges changes = engine.endBatch();
        // Read before the release: the view of the batch's transfers goes with it.
        int created = changes.transfers().size();
        engine.releaseThrough(engine.batchSequence());
        if (created != batch.size()) {
            throw new IllegalStateException("engine batch " + engine.batchSequence() + ": " + created + " of "
                    + batch.size() + " transfers created; first failure: " + firstFailure(batch.size()));
        }
        return changes;
    }

    private String firstFailure(int size) {
        for (int i = 0; i < size; i++) {
            if (results.result(i) != CreateTransferResult.OK) {
                return "transfer " + i + " " + results.result(i);
            }
        }
        return "none reported";
    }

    private void createAccounts(int accountCount) {
        AccountBatch batch = new AccountBatch(LedgerLimits.ACCOUNTS_PER_BATCH_MAX);
        AccountResults accountResults = new AccountResults(LedgerLimits.ACCOUNTS_PER_BATCH_MAX);
        int accountIndex = 0;
        while (accountIndex < accountCount) {
            batch.clear();
            while (!batch.isFull() && accountIndex < accountCount) {
                batch.add(NewAccount.of(new UInt128(0, accountIdLow(accountIndex++)), LEDGER));
            }
            engine.beginBatch(nextBatchNanos(), CommittedLookup.EMPTY);
            engine.createAccounts(batch, accountResults);
            engine.endBatch();
            engine.releaseThrough(engine.batchSequence());
            for (int i = 0; i < batch.size(); i++) {
                if (accountResults.result(i) != CreateAccountResult.OK) {
                    throw new IllegalStateException("account " + i + " of a setup batch: " + accountResults.result(i));
                }
            }
        }
    }

    private long nextBatchNanos() {
        return START_NANOS + ++batchCount * BATCH_INTERVAL_NANOS;
    }

    /** A broken assumption of the benchmark itself, never a measured outcome. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("benchmark invariant violated: " + message);
        }
    }
}
