package dev.settle.ledger;

import java.util.Arrays;

/**
 * An open-addressing hash map from 128-bit ids to non-negative ints, without boxing.
 *
 * <p>Linear probing with backward-shift deletion, so there are no tombstones and lookups stay
 * short after many removals. Capacity is a power of two and the load stays at or below one half.
 */
final class IdMap {
    static final int MISSING = -1;
    private static final int CAPACITY_MIN = 16;
    /** The table never grows beyond 2^30 slots (two longs each). */
    private static final int CAPACITY_MAX = 1 << 30;

    private long[] keys; // two longs per slot: high, low
    private int[] values; // MISSING marks an empty slot
    private int mask;
    private int size;

    IdMap(int expectedSize) {
        int capacity = CAPACITY_MIN;
        while (capacity < expectedSize * 2 && capacity < CAPACITY_MAX) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    int size() {
        return size;
    }

    int get(long high, long low) {
        int slot = slotOf(high, low);
        while (true) {
            int value = values[slot];
            if (value == MISSING) {
                return MISSING;
            }
            if (keys[slot << 1] == high && keys[(slot << 1) + 1] == low) {
                return value;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Inserts or replaces; returns the previous value or MISSING. */
    int put(long high, long low, int value) {
        Invariants.check(value >= 0, "id map values are non-negative");
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        int slot = slotOf(high, low);
        while (values[slot] != MISSING) {
            if (keys[slot << 1] == high && keys[(slot << 1) + 1] == low) {
                int previous = values[slot];
                values[slot] = value;
                return previous;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot << 1] = high;
        keys[(slot << 1) + 1] = low;
        values[slot] = value;
        size++;
        return MISSING;
    }

    /** Removes the id; returns its value or MISSING. */
    int remove(long high, long low) {
        int slot = slotOf(high, low);
        while (true) {
            int value = values[slot];
            if (value == MISSING) {
                return MISSING;
            }
            if (keys[slot << 1] == high && keys[(slot << 1) + 1] == low) {
                shiftBack(slot);
                size--;
                return value;
            }
            slot = (slot + 1) & mask;
        }
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(values, MISSING);
            size = 0;
        }
    }

    /** Closes the gap at {@code hole} by moving back later entries of the same probe run. */
    private void shiftBack(int hole) {
        int gap = hole;
        int slot = (gap + 1) & mask;
        while (values[slot] != MISSING) {
            int home = slotOf(keys[slot << 1], keys[(slot << 1) + 1]);
            // Move the entry into the gap unless its home lies cyclically in (gap, slot].
            boolean homeBetween = gap <= slot ? (gap < home && home <= slot) : (gap < home || home <= slot);
            if (!homeBetween) {
                keys[gap << 1] = keys[slot << 1];
                keys[(gap << 1) + 1] = keys[(slot << 1) + 1];
                values[gap] = values[slot];
                gap = slot;
            }
            slot = (slot + 1) & mask;
        }
        values[gap] = MISSING;
    }

    private void grow() {
        Invariants.check(values.length < CAPACITY_MAX, "id map capacity");
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(values.length << 1);
        for (int slot = 0; slot < oldValues.length; slot++) {
            if (oldValues[slot] != MISSING) {
                reinsert(oldKeys[slot << 1], oldKeys[(slot << 1) + 1], oldValues[slot]);
            }
        }
    }

    private void reinsert(long high, long low, int value) {
        int slot = slotOf(high, low);
        while (values[slot] != MISSING) {
            slot = (slot + 1) & mask;
        }
        keys[slot << 1] = high;
        keys[(slot << 1) + 1] = low;
        values[slot] = value;
    }

    private void allocate(int capacity) {
        keys = new long[capacity * 2];
        values = new int[capacity];
        Arrays.fill(values, MISSING);
        mask = capacity - 1;
    }

    private int slotOf(long high, long low) {
        // Both halves matter: UUIDv7 keeps time in the high half, UUIDv4 spreads randomness over both.
        long h = high * 0x9E3779B97F4A7C15L ^ low;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
