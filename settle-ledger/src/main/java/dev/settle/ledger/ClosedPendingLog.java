package dev.settle.ledger;

import java.util.Arrays;

/**
 * The pending transfers closed (posted, voided or expired) in one batch, in order.
 *
 * <p>For each: the pending transfer's id, creation timestamp and amount, the new status, the
 * timestamp of the closing event, and whether the pending transfer was itself created in the same
 * batch (then the store writes its final status once instead of twice).
 */
final class ClosedPendingLog implements BatchChanges.ClosedPendings {
    private static final int CAPACITY_INITIAL = 64;

    private long[] idHigh = new long[CAPACITY_INITIAL];
    private long[] idLow = new long[CAPACITY_INITIAL];
    private long[] pendingTimestamp = new long[CAPACITY_INITIAL];
    private long[] amountHigh = new long[CAPACITY_INITIAL];
    private long[] amountLow = new long[CAPACITY_INITIAL];
    private int[] status = new int[CAPACITY_INITIAL];
    private long[] closedAt = new long[CAPACITY_INITIAL];
    private boolean[] createdInBatch = new boolean[CAPACITY_INITIAL];
    private int size;

    public int size() {
        return size;
    }

    int add(long high, long low, long createdAt, long amountHighValue, long amountLowValue, TransferStatus newStatus,
            long eventTimestamp, boolean sameBatch) {
        Invariants.check(newStatus != TransferStatus.PENDING, "a closed pending transfer leaves PENDING");
        if (size == idHigh.length) {
            grow();
        }
        int i = size++;
        idHigh[i] = high;
        idLow[i] = low;
        pendingTimestamp[i] = createdAt;
        amountHigh[i] = amountHighValue;
        amountLow[i] = amountLowValue;
        status[i] = newStatus.ordinal();
        closedAt[i] = eventTimestamp;
        createdInBatch[i] = sameBatch;
        return i;
    }

    void truncate(int newSize) {
        Invariants.check(newSize >= 0 && newSize <= size, "truncate within the log");
        size = newSize;
    }

    public long idHigh(int i) {
        return idHigh[i];
    }

    public long idLow(int i) {
        return idLow[i];
    }

    public long pendingTimestamp(int i) {
        return pendingTimestamp[i];
    }

    public long amountHigh(int i) {
        return amountHigh[i];
    }

    public long amountLow(int i) {
        return amountLow[i];
    }

    public TransferStatus status(int i) {
        return TransferStatus.ofOrdinal(status[i]);
    }

    public long closedAt(int i) {
        return closedAt[i];
    }

    public boolean createdInBatch(int i) {
        return createdInBatch[i];
    }

    private void grow() {
        int capacity = idHigh.length * 2;
        idHigh = Arrays.copyOf(idHigh, capacity);
        idLow = Arrays.copyOf(idLow, capacity);
        pendingTimestamp = Arrays.copyOf(pendingTimestamp, capacity);
        amountHigh = Arrays.copyOf(amountHigh, capacity);
        amountLow = Arrays.copyOf(amountLow, capacity);
        status = Arrays.copyOf(status, capacity);
        closedAt = Arrays.copyOf(closedAt, capacity);
        createdInBatch = Arrays.copyOf(createdInBatch, capacity);
    }
}
