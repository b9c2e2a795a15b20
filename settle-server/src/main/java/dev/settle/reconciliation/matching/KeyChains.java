package dev.settle.reconciliation.matching;

import java.util.Arrays;

/**
 * A multimap from 64-bit keys to entry numbers, as two int arrays (bucket heads and a chain per
 * entry), so that a million candidates cost a few megabytes instead of a million boxed map
 * entries. Keys may collide: callers check each entry of a chain against what they look for.
 */
final class KeyChains {
    private static final int NONE = -1;
    private final int[] heads;
    private final int mask;
    private int[] next;

    KeyChains(int expectedEntries) {
        int buckets = Integer.highestOneBit(Math.max(16, expectedEntries) * 2 - 1) << 1;
        heads = new int[buckets];
        Arrays.fill(heads, NONE);
        mask = buckets - 1;
        next = new int[Math.max(16, expectedEntries)];
    }

    void add(long key, int entry) {
        if (entry >= next.length) {
            next = Arrays.copyOf(next, Math.max(entry + 1, next.length * 2));
        }
        int bucket = bucket(key);
        next[entry] = heads[bucket];
        heads[bucket] = entry;
    }

    /** The first entry whose key may be {@code key}, or -1. */
    int first(long key) {
        return heads[bucket(key)];
    }

    /** The entry after {@code entry} in its chain, or -1. */
    int next(int entry) {
        return next[entry];
    }

    private int bucket(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
