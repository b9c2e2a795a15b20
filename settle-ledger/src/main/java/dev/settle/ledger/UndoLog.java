package dev.settle.ledger;

import java.util.Arrays;

/**
 * The journal that lets a linked chain roll back: every mutation of accounts and pending
 * transfers made inside a chain pushes the old state here, and a failed chain pops the entries
 * in reverse order. Logs that only grow (created transfers, history, ...) roll back by truncation
 * to marks instead, see {@link LedgerEngine}.
 *
 * <p>Entry layout, read backwards from the end: {@code [payload...][slot][tag]}.
 */
final class UndoLog {
    private static final long BALANCE = 1;
    private static final long PENDING_OPENED = 2;
    private static final long PENDING_CLOSED = 3;
    private static final int BALANCE_PAYLOAD = AccountTable.BALANCE_LONGS + 2; // balances, flags, last transfer

    private long[] entries = new long[1024];
    private int size;

    int mark() {
        return size;
    }

    void clear() {
        size = 0;
    }

    void pushAccount(AccountTable accounts, int slot) {
        ensure(BALANCE_PAYLOAD + 2);
        System.arraycopy(accounts.balances, slot * AccountTable.BALANCE_LONGS, entries, size,
                AccountTable.BALANCE_LONGS);
        size += AccountTable.BALANCE_LONGS;
        entries[size++] = accounts.flags(slot);
        entries[size++] = accounts.lastTransferTimestamp(slot);
        entries[size++] = slot;
        entries[size++] = BALANCE;
    }

    void pushPendingOpened(int pendingSlot) {
        ensure(2);
        entries[size++] = pendingSlot;
        entries[size++] = PENDING_OPENED;
    }

    void pushPendingClosed(PendingTable pendings, int pendingSlot) {
        ensure(PendingTable.SAVED_LONGS + 2);
        pendings.save(pendingSlot, entries, size);
        size += PendingTable.SAVED_LONGS;
        entries[size++] = pendingSlot;
        entries[size++] = PENDING_CLOSED;
    }

    /** Undoes every entry pushed since {@code mark}, newest first. */
    void rollback(int mark, AccountTable accounts, PendingTable pendings) {
        while (size > mark) {
            long tag = entries[--size];
            int slot = (int) entries[--size];
            if (tag == BALANCE) {
                size -= BALANCE_PAYLOAD;
                System.arraycopy(entries, size, accounts.balances, slot * AccountTable.BALANCE_LONGS,
                        AccountTable.BALANCE_LONGS);
                accounts.setFlags(slot, (int) entries[size + AccountTable.BALANCE_LONGS]);
                accounts.setLastTransfer(slot, entries[size + AccountTable.BALANCE_LONGS + 1]);
            } else if (tag == PENDING_OPENED) {
                pendings.close(slot);
            } else {
                Invariants.check(tag == PENDING_CLOSED, "undo tags are known");
                size -= PendingTable.SAVED_LONGS;
                int reopened = pendings.reopen(entries, size);
                // The free list is a stack and undo runs in exact reverse, so the slot comes back.
                Invariants.check(reopened == slot, "a reopened pending transfer gets its slot back");
            }
        }
        Invariants.check(size == mark, "rollback stops at its mark");
    }

    private void ensure(int more) {
        if (size + more > entries.length) {
            entries = Arrays.copyOf(entries, Math.max(entries.length * 2, size + more));
        }
    }
}
