package dev.settle.pod;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.AccountResults;
import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.TransactionLegs;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferResults;
import dev.settle.ledger.UInt128;
import dev.settle.store.StorePrefetch;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * What each kind of ledger command does on a ledger's engine: which stored ids it may look up
 * (read ahead in one go, so applying never waits for the disk), and how it applies. Membership
 * commands and barriers are the state machine's own and never reach here.
 */
final class CommandRunner {
    /**
     * Pending transfers expiring this close to the batch's time are read too: expiry at the
     * batch's start may close them before a post or void of them applies.
     */
    static final long EXPIRY_PREFETCH_MARGIN_NANOS = 1_000_000_000L;

    private CommandRunner() {}

    /** Announces every stored id the engine may look up for {@code command} at {@code nowNanos}. */
    static void collectIds(PodCommand<?> command, StorePrefetch prefetch, LedgerEngine engine, long nowNanos) {
        switch (command) {
            case PodCommand.CreateTransfers create -> collectTransferIds(create.transfers(), prefetch, engine, nowNanos);
            case PodCommand.CreateTransaction create -> {
                UInt128 id = create.transaction().id();
                prefetch.addTransaction(id.high(), id.low());
                int legs = Math.min(create.transaction().entries().size() - 1, LedgerLimits.TRANSACTION_LEGS_MAX);
                for (int k = 0; k < legs; k++) {
                    UInt128 leg = TransactionLegs.legId(id, k);
                    addIfKnown(prefetch, engine, leg.high(), leg.low());
                }
            }
            case PodCommand.CreateAccounts create -> {
                // Accounts are all in memory.
            }
            case PodCommand.RecordChange change -> {
                // It reads nothing.
            }
            case PodCommand.StoreChange change -> {
                // It reads nothing.
            }
            case PodCommand.GuardedChange change -> collectTransferIds(change.transfers(), prefetch, engine, nowNanos);
            case PodCommand.GuardedRecords change -> {
                // It reads only its own records, where it applies.
            }
            case PodCommand.Barrier barrier -> throw notALedgerCommand(command);
            case PodCommand.AddLedger add -> throw notALedgerCommand(command);
            case PodCommand.RemoveLedger remove -> throw notALedgerCommand(command);
            case PodCommand.CreateLedger create -> throw notALedgerCommand(command);
        }
    }

    /** Applies {@code command} to the engine (inside its batch) and returns its outcome. */
    static Object apply(PodCommand<?> command, LedgerEngine engine) {
        return switch (command) {
            case PodCommand.CreateTransfers create -> createTransfers(create, engine);
            case PodCommand.CreateAccounts create -> createAccounts(create, engine);
            case PodCommand.CreateTransaction create -> engine.createTransaction(create.transaction());
            case PodCommand.RecordChange change -> throw notALedgerCommand(command);
            case PodCommand.StoreChange change -> throw notALedgerCommand(command);
            case PodCommand.GuardedChange change -> throw notALedgerCommand(command);
            case PodCommand.GuardedRecords change -> throw notALedgerCommand(command);
            case PodCommand.Barrier barrier -> throw notALedgerCommand(command);
            case PodCommand.AddLedger add -> throw notALedgerCommand(command);
            case PodCommand.RemoveLedger remove -> throw notALedgerCommand(command);
            case PodCommand.CreateLedger create -> throw notALedgerCommand(command);
        };
    }

    private static void collectTransferIds(TransferBatch batch, StorePrefetch prefetch, LedgerEngine engine,
            long nowNanos) {
        for (int i = 0; i < batch.size(); i++) {
            addIfKnown(prefetch, engine, batch.idHigh(i), batch.idLow(i));
            boolean resolves = (batch.flags(i)
                    & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0;
            if (resolves && mayBeClosedWhenApplied(batch, i, prefetch, engine, nowNanos)) {
                addIfKnown(prefetch, engine, batch.pendingIdHigh(i), batch.pendingIdLow(i));
            }
        }
    }

    /**
     * Open pending transfers are answered from memory, unless this batch may close them before
     * the post or void applies: by expiry at the batch's start, or by an earlier post or void.
     */
    private static boolean mayBeClosedWhenApplied(TransferBatch batch, int i, StorePrefetch prefetch,
            LedgerEngine engine, long nowNanos) {
        long high = batch.pendingIdHigh(i);
        long low = batch.pendingIdLow(i);
        boolean first = prefetch.firstReferenceToPending(high, low);
        return !first || !engine.pendingStaysOpenThrough(high, low, nowNanos + EXPIRY_PREFETCH_MARGIN_NANOS);
    }

    /** New ids (the engine has never seen them) need no read: it answers them without asking. */
    private static void addIfKnown(StorePrefetch prefetch, LedgerEngine engine, long high, long low) {
        if (engine.mightKnowTransfer(high, low)) {
            prefetch.addTransfer(high, low);
        }
    }

    /** Applies a guarded change's transfers (one linked chain); null when all were created, else every result. */
    static TransferResults guardedTransfers(TransferBatch batch, LedgerEngine engine) {
        if (batch.size() == 0) {
            return null;
        }
        TransferResults results = new TransferResults(batch.size());
        engine.createTransfers(batch, results);
        for (int i = 0; i < results.size(); i++) {
            if (results.result(i) != CreateTransferResult.OK) {
                return results;
            }
        }
        return null;
    }

    private static TransferOutcomes createTransfers(PodCommand.CreateTransfers create, LedgerEngine engine) {
        TransferBatch batch = create.transfers();
        TransferResults results = new TransferResults(batch.size());
        engine.createTransfers(batch, results);
        TransferRecord[] records = create.detail() == PodCommand.Detail.RESULTS ? null
                : recordsOfStored(results.size(), i -> isStored(results.result(i)),
                        i -> (TransferRecord) engine.findTransfer(batch.idHigh(i), batch.idLow(i)),
                        TransferRecord[]::new);
        return new TransferOutcomes(results, records);
    }

    private static AccountOutcomes createAccounts(PodCommand.CreateAccounts create, LedgerEngine engine) {
        AccountBatch batch = create.accounts();
        AccountResults results = new AccountResults(batch.size());
        engine.createAccounts(batch, results);
        AccountRecord[] records = create.detail() == PodCommand.Detail.RESULTS ? null
                : recordsOfStored(results.size(), i -> isStored(results.result(i)),
                        i -> findAccount(engine, batch.get(i).id()), AccountRecord[]::new);
        return new AccountOutcomes(results, records);
    }

    private static AccountRecord findAccount(LedgerEngine engine, UInt128 id) {
        return engine.findAccount(id.high(), id.low());
    }

    private static boolean isStored(CreateTransferResult result) {
        return result == CreateTransferResult.OK || result == CreateTransferResult.EXISTS;
    }

    private static boolean isStored(CreateAccountResult result) {
        return result == CreateAccountResult.OK || result == CreateAccountResult.EXISTS;
    }

    /** The stored record of each item that is stored (created now, or before), else null. */
    private static <T> T[] recordsOfStored(int size, IntPredicate stored, IntFunction<T> record,
            IntFunction<T[]> newArray) {
        T[] records = newArray.apply(size);
        for (int i = 0; i < size; i++) {
            if (stored.test(i)) {
                records[i] = record.apply(i);
            }
        }
        return records;
    }

    private static IllegalStateException notALedgerCommand(PodCommand<?> command) {
        return new IllegalStateException("the state machine applies " + command + " itself");
    }
}
