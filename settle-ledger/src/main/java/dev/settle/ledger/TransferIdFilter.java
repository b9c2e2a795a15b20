package dev.settle.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * A blocked Bloom filter of every transfer id a ledger has used (created or failed), so that a new
 * id, the common case, costs one cache line instead of lookups in recent batches and the store.
 * Deterministic and never consulted for results, only to skip lookups that would find nothing.
 *
 * <p>Each id sets {@link #BITS_PER_ID_SET} bits inside one 512-bit block (one cache line). At
 * {@link #BITS_PER_ID} bits per id the false-positive rate is about 2%; a false positive only
 * costs a read. The filter grows by adding segments four times as large as the last, so it
 * never needs the ids again; a new id probes every segment (one cache line each), and growing by
 * four keeps them few: 4 segments cover 340 million ids. Memory: about 1.25 bytes per id, up to
 * four times that just after a segment is added. Single-threaded: the engine owns it.
 */
final class TransferIdFilter {
    static final int BITS_PER_ID = 10;
    static final int BITS_PER_ID_SET = 6;
    private static final int BLOCK_LONGS = 8;
    private static final int BLOCK_BITS = BLOCK_LONGS * 64;
    static final long CAPACITY_MIN = 1L << 22;
    private static final int GROWTH_FACTOR = 4;
    /** 2^31 longs is the largest Java array. */
    private static final long SEGMENT_BLOCKS_MAX = (1L << 31) / BLOCK_LONGS;

    private final List<Segment> segments = new ArrayList<>();

    /** A filter sized for {@code expectedIds} before its first growth. */
    TransferIdFilter(long expectedIds) {
        segments.add(new Segment(Math.max(CAPACITY_MIN, expectedIds)));
    }

    /** Takes over the segments of {@code other}: ids added to either are then known to this one. */
    void absorb(TransferIdFilter other) {
        segments.addAll(0, other.segments);
    }

    void add(long high, long low) {
        Segment last = segments.get(segments.size() - 1);
        if (last.count >= last.capacity) {
            last = new Segment(last.capacity * GROWTH_FACTOR);
            segments.add(last);
        }
        last.add(mix(high, low), mix(low ^ 0x632BE59BD9B4E019L, high));
    }

    /** False means the id is certainly not stored; true means it may be. */
    boolean mightContain(long high, long low) {
        long h1 = mix(high, low);
        long h2 = mix(low ^ 0x632BE59BD9B4E019L, high);
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).mightContain(h1, h2)) {
                return true;
            }
        }
        return false;
    }

    long sizeBytes() {
        return segments.stream().mapToLong(s -> (long) s.words.length * Long.BYTES).sum();
    }

    private static long mix(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L ^ b;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 32);
    }

    private static final class Segment {
        final long[] words;
        final long capacity;
        final long blockMask;
        long count;

        Segment(long capacity) {
            long blocks = Long.highestOneBit(Math.max(1, capacity * BITS_PER_ID / BLOCK_BITS) * 2 - 1);
            if (blocks > SEGMENT_BLOCKS_MAX) {
                throw new IllegalStateException("transfer id filter segment too large: " + capacity + " ids");
            }
            this.words = new long[(int) (blocks * BLOCK_LONGS)];
            this.blockMask = blocks - 1;
            this.capacity = blocks * BLOCK_BITS / BITS_PER_ID;
        }

        void add(long h1, long h2) {
            int base = (int) ((h1 & blockMask) * BLOCK_LONGS);
            for (int i = 0; i < BITS_PER_ID_SET; i++) {
                int bit = (int) (h2 >>> (i * 9)) & (BLOCK_BITS - 1);
                words[base + (bit >>> 6)] |= 1L << bit;
            }
            count++;
        }

        boolean mightContain(long h1, long h2) {
            int base = (int) ((h1 & blockMask) * BLOCK_LONGS);
            for (int i = 0; i < BITS_PER_ID_SET; i++) {
                int bit = (int) (h2 >>> (i * 9)) & (BLOCK_BITS - 1);
                if ((words[base + (bit >>> 6)] & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
