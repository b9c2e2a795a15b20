package dev.settle.ledger;

import java.util.Arrays;

/** The ids whose creation failed transiently in one batch: id, result ordinal and timestamp. */
final class FailedIdLog implements BatchChanges.FailedIds {
    private static final int CAPACITY_INITIAL = 64;

    private long[] idHigh = new long[CAPACITY_INITIAL];
    private long[] idLow = new long[CAPACITY_INITIAL];
    private int[] result = new int[CAPACITY_INITIAL];
    private long[] timestamp = new long[CAPACITY_INITIAL];
    private int size;

    public int size() {
        return size;
    }

    int add(long high, long low, int resultOrdinal, long at) {
        if (size == idHigh.length) {
            int capacity = size * 2;
            idHigh = Arrays.copyOf(idHigh, capacity);
            idLow = Arrays.copyOf(idLow, capacity);
            result = Arrays.copyOf(result, capacity);
            timestamp = Arrays.copyOf(timestamp, capacity);
        }
        int i = size++;
        idHigh[i] = high;
        idLow[i] = low;
        result[i] = resultOrdinal;
        timestamp[i] = at;
        return i;
    }

    void clear() {
        size = 0;
    }

    public long idHigh(int i) {
        return idHigh[i];
    }

    public long idLow(int i) {
        return idLow[i];
    }

    /** The ordinal of the result (a {@link CreateTransferResult} or {@link CreateTransactionResult}). */
    public int result(int i) {
        return result[i];
    }

    public long timestamp(int i) {
        return timestamp[i];
    }
}
