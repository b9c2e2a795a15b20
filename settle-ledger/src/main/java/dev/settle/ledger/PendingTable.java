package dev.settle.ledger;

import java.util.Arrays;

/**
 * The open pending transfers of a ledger, in memory, as parallel primitive arrays indexed by slot.
 *
 * <p>A pending transfer is here from its creation until it is posted, voided or expired; then its
 * slot is freed for reuse. Those with a timeout are also in the {@link ExpiryQueue}. The accounts
 * are referenced by their {@link AccountTable} slots.
 */
final class PendingTable {
    private static final int CAPACITY_INITIAL = 64;

    private final IdMap index = new IdMap(CAPACITY_INITIAL);
    private final ExpiryQueue expiries = new ExpiryQueue(this);
    private long[] idHigh = new long[CAPACITY_INITIAL];
    private long[] idLow = new long[CAPACITY_INITIAL];
    private long[] timestamp = new long[CAPACITY_INITIAL];
    private long[] amountHigh = new long[CAPACITY_INITIAL];
    private long[] amountLow = new long[CAPACITY_INITIAL];
    private long[] timeoutSeconds = new long[CAPACITY_INITIAL];
    private long[] expiresAt = new long[CAPACITY_INITIAL];
    private long[] userData128High = new long[CAPACITY_INITIAL];
    private long[] userData128Low = new long[CAPACITY_INITIAL];
    private long[] userData64 = new long[CAPACITY_INITIAL];
    private int[] userData32 = new int[CAPACITY_INITIAL];
    private long[] ledger = new long[CAPACITY_INITIAL];
    private int[] code = new int[CAPACITY_INITIAL];
    private int[] flags = new int[CAPACITY_INITIAL];
    private int[] debitSlot = new int[CAPACITY_INITIAL];
    private int[] creditSlot = new int[CAPACITY_INITIAL];
    int[] heapPosition = new int[CAPACITY_INITIAL];
    private int[] freeSlots = new int[CAPACITY_INITIAL];
    private int freeCount;
    private int highWater;

    /** The number of open pending transfers. */
    public int size() {
        return index.size();
    }

    /** The slot of the open pending transfer with this id, or -1. */
    public int find(long high, long low) {
        return index.get(high, low);
    }

    ExpiryQueue expiries() {
        return expiries;
    }

    int open(TransferLog log, int entry, int debit, int credit) {
        int slot = allocate();
        idHigh[slot] = log.idHigh(entry);
        idLow[slot] = log.idLow(entry);
        timestamp[slot] = log.timestamp(entry);
        amountHigh[slot] = log.amountHigh(entry);
        amountLow[slot] = log.amountLow(entry);
        timeoutSeconds[slot] = log.timeoutSeconds(entry);
        expiresAt[slot] = log.expiresAt(entry);
        userData128High[slot] = log.userData128High(entry);
        userData128Low[slot] = log.userData128Low(entry);
        userData64[slot] = log.userData64(entry);
        userData32[slot] = log.userData32(entry);
        ledger[slot] = log.ledger(entry);
        code[slot] = log.code(entry);
        flags[slot] = log.flags(entry);
        debitSlot[slot] = debit;
        creditSlot[slot] = credit;
        heapPosition[slot] = -1;
        int previous = index.put(idHigh[slot], idLow[slot], slot);
        Invariants.check(previous == IdMap.MISSING, "pending ids are unique");
        if (expiresAt[slot] != 0) {
            expiries.add(slot);
        }
        return slot;
    }

    /** Re-opens a pending transfer from its saved fields (rollback of a close within a chain). */
    int reopen(long[] saved, int at) {
        int slot = allocate();
        idHigh[slot] = saved[at];
        idLow[slot] = saved[at + 1];
        timestamp[slot] = saved[at + 2];
        amountHigh[slot] = saved[at + 3];
        amountLow[slot] = saved[at + 4];
        timeoutSeconds[slot] = saved[at + 5];
        expiresAt[slot] = saved[at + 6];
        userData128High[slot] = saved[at + 7];
        userData128Low[slot] = saved[at + 8];
        userData64[slot] = saved[at + 9];
        userData32[slot] = (int) saved[at + 10];
        ledger[slot] = saved[at + 11];
        code[slot] = (int) saved[at + 12];
        flags[slot] = (int) saved[at + 13];
        debitSlot[slot] = (int) saved[at + 14];
        creditSlot[slot] = (int) saved[at + 15];
        heapPosition[slot] = -1;
        index.put(idHigh[slot], idLow[slot], slot);
        if (expiresAt[slot] != 0) {
            expiries.add(slot);
        }
        return slot;
    }

    /** The number of longs {@link #save} writes. */
    static final int SAVED_LONGS = 16;

    /** Saves every field of {@code slot} into {@code into} at {@code at}, for {@link #reopen}. */
    void save(int slot, long[] into, int at) {
        into[at] = idHigh[slot];
        into[at + 1] = idLow[slot];
        into[at + 2] = timestamp[slot];
        into[at + 3] = amountHigh[slot];
        into[at + 4] = amountLow[slot];
        into[at + 5] = timeoutSeconds[slot];
        into[at + 6] = expiresAt[slot];
        into[at + 7] = userData128High[slot];
        into[at + 8] = userData128Low[slot];
        into[at + 9] = userData64[slot];
        into[at + 10] = userData32[slot];
        into[at + 11] = ledger[slot];
        into[at + 12] = code[slot];
        into[at + 13] = flags[slot];
        into[at + 14] = debitSlot[slot];
        into[at + 15] = creditSlot[slot];
    }

    void close(int slot) {
        int removed = index.remove(idHigh[slot], idLow[slot]);
        Invariants.check(removed == slot, "pending index agrees with the table");
        if (heapPosition[slot] >= 0) {
            expiries.remove(slot);
        }
        Invariants.check(heapPosition[slot] == -1, "a closed pending transfer is not queued for expiry");
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = slot;
    }

    private int allocate() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (highWater == idHigh.length) {
            grow();
        }
        return highWater++;
    }

    /** Calls {@code visitor} with the slot of every open pending transfer (in slot order). */
    public void forEachSlot(java.util.function.IntConsumer visitor) {
        boolean[] free = new boolean[highWater];
        for (int i = 0; i < freeCount; i++) {
            free[freeSlots[i]] = true;
        }
        for (int slot = 0; slot < highWater; slot++) {
            if (!free[slot]) {
                visitor.accept(slot);
            }
        }
    }

    public long idHigh(int slot) {
        return idHigh[slot];
    }

    public long idLow(int slot) {
        return idLow[slot];
    }

    public long timestamp(int slot) {
        return timestamp[slot];
    }

    public long amountHigh(int slot) {
        return amountHigh[slot];
    }

    public long amountLow(int slot) {
        return amountLow[slot];
    }

    public long timeoutSeconds(int slot) {
        return timeoutSeconds[slot];
    }

    /** The engine timestamp at which it expires, or 0 for never. */
    public long expiresAt(int slot) {
        return expiresAt[slot];
    }

    public long userData128High(int slot) {
        return userData128High[slot];
    }

    public long userData128Low(int slot) {
        return userData128Low[slot];
    }

    public long userData64(int slot) {
        return userData64[slot];
    }

    public int userData32(int slot) {
        return userData32[slot];
    }

    public long ledger(int slot) {
        return ledger[slot];
    }

    public int code(int slot) {
        return code[slot];
    }

    public int flags(int slot) {
        return flags[slot];
    }

    public int debitSlot(int slot) {
        return debitSlot[slot];
    }

    public int creditSlot(int slot) {
        return creditSlot[slot];
    }

    private void grow() {
        int capacity = idHigh.length * 2;
        idHigh = Arrays.copyOf(idHigh, capacity);
        idLow = Arrays.copyOf(idLow, capacity);
        timestamp = Arrays.copyOf(timestamp, capacity);
        amountHigh = Arrays.copyOf(amountHigh, capacity);
        amountLow = Arrays.copyOf(amountLow, capacity);
        timeoutSeconds = Arrays.copyOf(timeoutSeconds, capacity);
        expiresAt = Arrays.copyOf(expiresAt, capacity);
        userData128High = Arrays.copyOf(userData128High, capacity);
        userData128Low = Arrays.copyOf(userData128Low, capacity);
        userData64 = Arrays.copyOf(userData64, capacity);
        userData32 = Arrays.copyOf(userData32, capacity);
        ledger = Arrays.copyOf(ledger, capacity);
        code = Arrays.copyOf(code, capacity);
        flags = Arrays.copyOf(flags, capacity);
        debitSlot = Arrays.copyOf(debitSlot, capacity);
        creditSlot = Arrays.copyOf(creditSlot, capacity);
        heapPosition = Arrays.copyOf(heapPosition, capacity);
    }
}
