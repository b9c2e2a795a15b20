package dev.settle.verify;

/**
 * An order-independent fingerprint of a multiset of tuples: two scans in different orders (say,
 * transfers by timestamp and their id index by id) agree exactly when they hold the same tuples,
 * up to a 2^-64-scale chance, without holding either in memory.
 */
final class MultisetHash {
    private long count;
    private long sum;
    private long xor;

    void add(long a, long b, long c) {
        long h = mix(mix(mix(a) ^ b) + c);
        count++;
        sum += h;
        xor ^= mix(h);
    }

    long count() {
        return count;
    }

    boolean sameAs(MultisetHash other) {
        return count == other.count && sum == other.sum && xor == other.xor;
    }

    private static long mix(long z) {
        // SplitMix64's finalizer: a bijection with full avalanche.
        long x = z + 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }
}
