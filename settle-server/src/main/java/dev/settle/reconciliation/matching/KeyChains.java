package dev.settle.reconciliation.matching;

import java.util.Arrays;

/**
 * A multimap from 64-bit keys to entry numbers, as int arrays (bucket heads and a chain per
 * entry) beside the keys, so that a million candidates cost a few megabytes instead of a
 * million boxed map entries. The buckets double when they hold more than half as many entries,
 * so chains stay short. Keys may collide: callers check each entry of a chain against what
 * they look for.
 */
final class KeyChains {
    private static final int NONE = -1;
    private static final int BUCKETS_MIN = 16;
    private int[] heads;
    private int mask;
    private int[] next;
    private long[] keys;
    private final java.util.BitSet added = new java.util.BitSet();
    private int count;
    private int addedCount;

    KeyChains(int expectedEntries) {
        int capacity = Math.max(BUCKETS_MIN, expectedEntries);
        next = new int[capacity];
        keys = new long[capacity];
        rehash(Integer.highestOneBit(capacity * 2 - 1) << 1);
    }

    /** Adds {@code entry} under {@code key}; entries are added once each, numbered from 0 upwards. */
    void add(long key, int entry) {
        if (entry >= next.length) {
            int capacity = Math.max(entry + 1, next.length * 2);
            next = Arrays.copyOf(next, capacity);
            keys = Arrays.copyOf(keys, capacity);
        }
        keys[entry] = key;
        added.set(entry);
        addedCount++;
        count = Math.max(count, entry + 1);
        if (addedCount * 2 > heads.length) {
            rehash(heads.length * 2);
            return;
        }
        link(entry);
    }

    /** The first entry whose key may be {@code key}, or -1. */
    int first(long key) {
        return heads[bucket(key)];
    }

    /** The entry after {@code entry} in its chain, or -1. */
    int next(int entry) {
        return next[entry];
    }

    private void link(int entry) {
        int bucket = bucket(keys[entry]);
        next[entry] = heads[bucket];
        heads[bucket] = entry;
    }

    private void rehash(int buckets) {
        heads = new int[buckets];
        Arrays.fill(heads, NONE);
        mask = buckets - 1;
        for (int entry = added.nextSetBit(0); entry >= 0; entry = added.nextSetBit(entry + 1)) {
            link(entry);
        }
    }

    private int bucket(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
