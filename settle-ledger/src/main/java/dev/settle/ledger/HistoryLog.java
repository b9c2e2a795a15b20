package dev.settle.ledger;

import java.util.Arrays;

/**
 * Balance snapshots taken in one batch for accounts with the {@code history} flag: the account
 * slot, the event timestamp and the account's eight balance longs after the event (laid out as in
 * {@link AccountTable}).
 */
final class HistoryLog implements BatchChanges.History {
    private static final int CAPACITY_INITIAL = 64;

    private int[] accountSlot = new int[CAPACITY_INITIAL];
    private long[] timestamp = new long[CAPACITY_INITIAL];
    private long[] balances = new long[CAPACITY_INITIAL * AccountTable.BALANCE_LONGS];
    private int size;

    public int size() {
        return size;
    }

    void add(AccountTable accounts, int slot, long at) {
        if (size == accountSlot.length) {
            int capacity = size * 2;
            accountSlot = Arrays.copyOf(accountSlot, capacity);
            timestamp = Arrays.copyOf(timestamp, capacity);
            balances = Arrays.copyOf(balances, capacity * AccountTable.BALANCE_LONGS);
        }
        int i = size++;
        accountSlot[i] = slot;
        timestamp[i] = at;
        System.arraycopy(accounts.balances, slot * AccountTable.BALANCE_LONGS, balances,
                i * AccountTable.BALANCE_LONGS, AccountTable.BALANCE_LONGS);
    }

    void truncate(int newSize) {
        Invariants.check(newSize >= 0 && newSize <= size, "truncate within the log");
        size = newSize;
    }

    public int accountSlot(int i) {
        return accountSlot[i];
    }

    public long timestamp(int i) {
        return timestamp[i];
    }

    /** A balance half; {@code field} as in {@link AccountTable}, plus 1 for the low half. */
    public long balance(int i, int fieldHalf) {
        return balances[i * AccountTable.BALANCE_LONGS + fieldHalf];
    }
}
