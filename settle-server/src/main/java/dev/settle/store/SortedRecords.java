package dev.settle.store;

import java.util.Arrays;

/**
 * The records of one column family in a batch, emitted in key order. RocksDB's memtable is a
 * skip list that remembers where it inserted last, so keys inserted in order cost a fraction of
 * keys inserted at random (measured in docs/benchmarks.md). Keys are up to three unsigned longs
 * after the ledger number; the value bytes are staged here and copied into the batch in order.
 */
final class SortedRecords {
    /** How the key bytes are laid out after the 4-byte ledger number. */
    enum KeyShape {
        /** [ledger][first:8][second:8]: ids. */
        ID(StoreLayout.ID_KEY_BYTES),
        /** [ledger][first:8]: timestamps. */
        TIMESTAMP(StoreLayout.TIMESTAMP_KEY_BYTES),
        /** [ledger][first:8][second:8][third:8]: an account id and a timestamp. */
        ACCOUNT_EVENT(StoreLayout.ACCOUNT_EVENT_KEY_BYTES);

        final int keyBytes;

        KeyShape(int keyBytes) {
            this.keyBytes = keyBytes;
        }
    }

    private static final int INSERTION_SORT_MAX = 16;
    private static final int DELETE = -1;

    private final KeyShape shape;
    private final ByteSink values = new ByteSink(1 << 16);
    private long[] first = new long[1024];
    private long[] second = new long[1024];
    private long[] third = new long[1024];
    private int[] valueStart = new int[1024];
    private int[] valueLength = new int[1024];
    private int[] order = new int[1024];
    private int count;

    SortedRecords(KeyShape shape) {
        this.shape = shape;
    }

    void clear() {
        values.clear();
        count = 0;
    }

    int count() {
        return count;
    }

    void put(long a, long b, long c, ByteSink value) {
        int i = add(a, b, c);
        valueStart[i] = values.size();
        valueLength[i] = value.size();
        values.putBytes(value.buffer(), 0, value.size());
    }

    void putEmpty(long a, long b, long c) {
        int i = add(a, b, c);
        valueStart[i] = values.size();
        valueLength[i] = 0;
    }

    void delete(long a, long b, long c) {
        int i = add(a, b, c);
        valueLength[i] = DELETE;
    }

    /** Appends every record to {@code rep} in ascending key order. */
    void emit(WriteBatchRep rep, int columnFamilyId, int ledger) {
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        sort(0, count - 1);
        for (int k = 0; k < count; k++) {
            int i = order[k];
            ByteSink key = valueLength[i] == DELETE ? rep.beginDelete(columnFamilyId, shape.keyBytes)
                    : rep.beginPut(columnFamilyId, shape.keyBytes);
            key.putInt(ledger);
            key.putLong(first[i]);
            if (shape != KeyShape.TIMESTAMP) {
                key.putLong(second[i]);
            }
            if (shape == KeyShape.ACCOUNT_EVENT) {
                key.putLong(third[i]);
            }
            if (valueLength[i] != DELETE) {
                rep.endPut(values.buffer(), valueStart[i], valueLength[i]);
            }
        }
    }

    private int add(long a, long b, long c) {
        if (count == first.length) {
            int capacity = count * 2;
            first = Arrays.copyOf(first, capacity);
            second = Arrays.copyOf(second, capacity);
            third = Arrays.copyOf(third, capacity);
            valueStart = Arrays.copyOf(valueStart, capacity);
            valueLength = Arrays.copyOf(valueLength, capacity);
            order = Arrays.copyOf(order, capacity);
        }
        first[count] = a;
        second[count] = b;
        third[count] = c;
        return count++;
    }

    private int compare(int x, int y) {
        int byFirst = Long.compareUnsigned(first[x], first[y]);
        if (byFirst != 0) {
            return byFirst;
        }
        int bySecond = Long.compareUnsigned(second[x], second[y]);
        return bySecond != 0 ? bySecond : Long.compareUnsigned(third[x], third[y]);
    }

    /** Quicksort of {@code order[low..high]} (median of three), insertion sort for short ranges. */
    private void sort(int low, int high) {
        int lo = low;
        int hi = high;
        while (hi - lo > INSERTION_SORT_MAX) {
            int mid = (lo + hi) >>> 1;
            if (compare(order[mid], order[lo]) < 0) {
                swap(mid, lo);
            }
            if (compare(order[hi], order[lo]) < 0) {
                swap(hi, lo);
            }
            if (compare(order[hi], order[mid]) < 0) {
                swap(hi, mid);
            }
            int pivot = order[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (compare(order[i], pivot) < 0) {
                    i++;
                }
                while (compare(order[j], pivot) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(i++, j--);
                }
            }
            // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
            if (j - lo < hi - i) {
                sort(lo, j);
                lo = i;
            } else {
                sort(i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            int item = order[i];
            int j = i - 1;
            while (j >= lo && compare(order[j], item) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = item;
        }
    }

    private void swap(int a, int b) {
        int t = order[a];
        order[a] = order[b];
        order[b] = t;
    }
}
