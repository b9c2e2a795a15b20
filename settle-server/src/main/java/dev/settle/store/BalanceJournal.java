package dev.settle.store;

import dev.settle.ledger.AccountTable;
import dev.settle.ledger.BatchChanges;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.Arrays;

/**
 * Writes one ledger's account state changes: a journal record per batch, and every
 * {@link StoreOptions#checkpointBatches()} batches a checkpoint of every account changed since the
 * last one, which also deletes the journal it covers (see {@link StoreLayout}). Remembers which
 * accounts changed since the checkpoint; after a restart it is told so by {@link #restore}.
 */
final class BalanceJournal {
    private final ByteSink journal = new ByteSink(1 << 16);
    private final ByteSink value = new ByteSink(64);
    private final long[] balances = new long[8];
    private final SortedRecords checkpoint = new SortedRecords(SortedRecords.KeyShape.ID);
    private long[] changedEpoch = new long[1024];
    private int[] changedSlots = new int[1024];
    private int changedCount;
    private final int checkpointBatches;
    private long checkpointSequence;
    /** Counts checkpoints, so that a slot's epoch says whether it is in the current changed set. */
    private long epoch = 1;

    BalanceJournal(int checkpointBatches) {
        this.checkpointBatches = checkpointBatches;
    }

    /** After recovery: the last checkpoint and the accounts the journal changed since. */
    void restore(long lastCheckpoint, int[] slotsChangedSince) {
        checkpointSequence = lastCheckpoint;
        for (int slot : slotsChangedSince) {
            markChanged(slot);
        }
    }

    long checkpointSequence() {
        return checkpointSequence;
    }

    /** Encodes this batch's account state: a journal record, or a checkpoint when one is due. */
    void encode(int ledger, BatchChanges changes, WriteBatchRep rep, int[] columnFamilyIds) {
        for (int i = 0; i < changes.changedAccountCount(); i++) {
            markChanged(changes.changedAccountSlot(i));
        }
        if (changes.sequence() - checkpointSequence >= checkpointBatches) {
            writeCheckpoint(ledger, changes, rep, columnFamilyIds);
        } else if (changes.changedAccountCount() > 0) {
            writeJournal(ledger, changes, rep, columnFamilyIds[ColumnFamily.BALANCE_JOURNAL.ordinal()]);
        }
    }

    private void writeJournal(int ledger, BatchChanges changes, WriteBatchRep rep, int family) {
        AccountTable table = changes.accounts();
        journal.clear();
        journal.putInt(changes.changedAccountCount());
        for (int i = 0; i < changes.changedAccountCount(); i++) {
            int slot = changes.changedAccountSlot(i);
            journal.putLong(table.idHigh(slot));
            journal.putLong(table.idLow(slot));
            encodeState(table, slot, journal);
        }
        ByteSink key = rep.beginPut(family, StoreLayout.TIMESTAMP_KEY_BYTES);
        key.putInt(ledger);
        key.putLong(changes.sequence());
        rep.endPut(journal);
    }

    private void writeCheckpoint(int ledger, BatchChanges changes, WriteBatchRep rep, int[] columnFamilyIds) {
        AccountTable table = changes.accounts();
        for (int i = 0; i < changedCount; i++) {
            int slot = changedSlots[i];
            value.clear();
            encodeState(table, slot, value);
            checkpoint.put(table.idHigh(slot), table.idLow(slot), 0, value);
        }
        checkpoint.emit(rep, columnFamilyIds[ColumnFamily.BALANCES.ordinal()], ledger);
        checkpoint.clear();
        rep.deleteRange(columnFamilyIds[ColumnFamily.BALANCE_JOURNAL.ordinal()],
                StoreLayout.timestampKey(ledger, checkpointSequence + 1),
                StoreLayout.timestampKey(ledger, changes.sequence()));
        checkpointSequence = changes.sequence();
        changedCount = 0;
        epoch++;
    }

    private void encodeState(AccountTable table, int slot, ByteSink out) {
        for (int field = 0; field < 8; field += 2) {
            balances[field] = table.balanceHigh(slot, field);
            balances[field + 1] = table.balanceLow(slot, field);
        }
        RecordCodec.encodeBalances(table.flags(slot), table.lastTransferTimestamp(slot), balances, 0, out);
    }

    private void markChanged(int slot) {
        if (slot >= changedEpoch.length) {
            changedEpoch = Arrays.copyOf(changedEpoch, Math.max(changedEpoch.length * 2, slot + 1));
        }
        if (changedEpoch[slot] != epoch) {
            changedEpoch[slot] = epoch;
            if (changedCount == changedSlots.length) {
                changedSlots = Arrays.copyOf(changedSlots, changedCount * 2);
            }
            changedSlots[changedCount++] = slot;
        }
    }
}
