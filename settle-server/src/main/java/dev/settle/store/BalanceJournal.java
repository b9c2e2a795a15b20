package dev.settle.store;

import dev.settle.ledger.BatchChanges;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.Arrays;

/**
 * Writes one ledger's account state changes: a journal record every batch, plus checkpoints
 * spread over many batches so that no single batch pays for one.
 *
 * <p>Every {@link StoreOptions#checkpointBatches()} batches a checkpoint starts with a cut: the
 * accounts changed since the last completed checkpoint. The following batches each write a slice
 * of them (their current state) into {@code balances}; the batch that writes the last slice also
 * deletes the journal up to the cut, and the checkpoint is complete. An account's stored state is
 * its {@code balances} record overlaid with its newest journal entry after the last completed
 * checkpoint. That stays right while a checkpoint is half written: a record written at batch B
 * holds the state of the account's newest journal entry at or before B, so a newer journal entry
 * is also a newer state.
 */
final class BalanceJournal {
    private final int checkpointBatches;
    private final ByteSink journal = new ByteSink(1 << 16);
    private final ByteSink value = new ByteSink(64);
    private final long[] balances = new long[8];
    private final SortedRecords slice = new SortedRecords(SortedRecords.KeyShape.ID);
    private final SlotSet changed = new SlotSet();
    private int[] cut = new int[0];
    private int cutWritten;
    private long cutSequence = -1;
    private long completedCheckpoint;

    BalanceJournal(int checkpointBatches) {
        this.checkpointBatches = checkpointBatches;
    }

    /** After recovery: the last completed checkpoint and the accounts the journal changed since. */
    void restore(long lastCheckpoint, int[] slotsChangedSince) {
        completedCheckpoint = lastCheckpoint;
        for (int slot : slotsChangedSince) {
            changed.add(slot);
        }
    }

    /** The batch up to which the journal has been checkpointed (and deleted). */
    long checkpointSequence() {
        return completedCheckpoint;
    }

    void encode(int ledger, BatchChanges changes, WriteBatchRep rep, int[] columnFamilyIds) {
        for (int i = 0; i < changes.changedAccountCount(); i++) {
            changed.add(changes.changedAccountSlot(i));
        }
        if (changes.changedAccountCount() > 0) {
            writeJournal(ledger, changes, rep, columnFamilyIds[ColumnFamily.BALANCE_JOURNAL.ordinal()]);
        }
        if (cutSequence < 0 && changes.sequence() - completedCheckpoint >= checkpointBatches) {
            cut = changed.drain();
            cutWritten = 0;
            cutSequence = changes.sequence();
        }
        if (cutSequence >= 0) {
            writeSlice(ledger, changes, rep, columnFamilyIds);
        }
    }

    private void writeJournal(int ledger, BatchChanges changes, WriteBatchRep rep, int family) {
        BatchChanges.Accounts table = changes.accounts();
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

    /** Writes the next share of the cut; the last share completes the checkpoint. */
    private void writeSlice(int ledger, BatchChanges changes, WriteBatchRep rep, int[] columnFamilyIds) {
        BatchChanges.Accounts table = changes.accounts();
        int share = Math.max(1, (cut.length + checkpointBatches - 1) / checkpointBatches);
        int end = Math.min(cut.length, cutWritten + share);
        for (int i = cutWritten; i < end; i++) {
            int slot = cut[i];
            value.clear();
            encodeState(table, slot, value);
            slice.put(table.idHigh(slot), table.idLow(slot), 0, value);
        }
        slice.emit(rep, columnFamilyIds[ColumnFamily.BALANCES.ordinal()], ledger);
        slice.clear();
        cutWritten = end;
        if (cutWritten == cut.length) {
            rep.deleteRange(columnFamilyIds[ColumnFamily.BALANCE_JOURNAL.ordinal()],
                    StoreLayout.timestampKey(ledger, completedCheckpoint + 1),
                    StoreLayout.timestampKey(ledger, cutSequence + 1));
            completedCheckpoint = cutSequence;
            cutSequence = -1;
            cut = new int[0];
        }
    }

    private void encodeState(BatchChanges.Accounts table, int slot, ByteSink out) {
        for (int field = 0; field < 8; field += 2) {
            balances[field] = table.balanceHigh(slot, field);
            balances[field + 1] = table.balanceLow(slot, field);
        }
        RecordCodec.encodeBalances(table.flags(slot), table.lastTransferTimestamp(slot), balances, 0, out);
    }

    /** Account slots, each at most once, drained in one go. */
    private static final class SlotSet {
        private long[] epochOfSlot = new long[1024];
        private int[] slots = new int[1024];
        private int count;
        private long epoch = 1;

        void add(int slot) {
            if (slot >= epochOfSlot.length) {
                epochOfSlot = Arrays.copyOf(epochOfSlot, Math.max(epochOfSlot.length * 2, slot + 1));
            }
            if (epochOfSlot[slot] != epoch) {
                epochOfSlot[slot] = epoch;
                if (count == slots.length) {
                    slots = Arrays.copyOf(slots, count * 2);
                }
                slots[count++] = slot;
            }
        }

        int[] drain() {
            int[] drained = Arrays.copyOf(slots, count);
            count = 0;
            epoch++;
            return drained;
        }
    }
}
