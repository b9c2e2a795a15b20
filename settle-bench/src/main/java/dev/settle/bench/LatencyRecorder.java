package dev.settle.bench;

import java.util.Arrays;

/**
 * Records latencies in nanoseconds into log-linear buckets, so memory stays fixed whatever the
 * count and a percentile is off by less than {@link #RELATIVE_ERROR_MAX} of the true value.
 *
 * <p>Layout (the same idea as HdrHistogram with two significant digits): values below
 * {@link #EXACT_LIMIT_NANOS} get one bucket each; above that, every power of two [2^e, 2^(e+1))
 * is cut into {@link #SUB_BUCKETS_PER_POWER} equal buckets. Recording is a shift and an array
 * increment, without allocation.
 *
 * <p>Not thread-safe on purpose: each thread owns one recorder (single writer) and the owner
 * merges them with {@link #merge} after the threads are joined.
 */
public final class LatencyRecorder {
    /** Buckets per power of two; 128 gives a bucket width under 1/128 of its lowest value. */
    static final int SUB_BUCKET_BITS = 7;
    static final int SUB_BUCKETS_PER_POWER = 1 << SUB_BUCKET_BITS;
    /** Below this every nanosecond has its own bucket (two powers' worth of sub-buckets). */
    static final long EXACT_LIMIT_NANOS = 2L * SUB_BUCKETS_PER_POWER;
    /** Exponent of the lowest power of two that is split into sub-buckets. */
    private static final int FIRST_SPLIT_EXPONENT = SUB_BUCKET_BITS + 1;
    /** Highest exponent of a non-negative long. */
    private static final int LAST_EXPONENT = Long.SIZE - 2;
    static final int BUCKETS = (int) EXACT_LIMIT_NANOS + (LAST_EXPONENT - FIRST_SPLIT_EXPONENT + 1) * SUB_BUCKETS_PER_POWER;
    /** A reported percentile is at most this much above the recorded value it stands for. */
    public static final double RELATIVE_ERROR_MAX = 1.0 / SUB_BUCKETS_PER_POWER;

    private static final double NANOS_PER_MICRO = 1_000.0;
    private static final double PERCENT_MAX = 100.0;

    static {
        // The top bucket must end exactly at Long.MAX_VALUE, or large values would index past the array.
        if (bucketHighestNanos(BUCKETS - 1) != Long.MAX_VALUE) {
            throw new AssertionError("latency buckets do not cover the long range");
        }
    }

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long maxNanos;

    /** Adds one latency; negative values are a caller's bug (System.nanoTime differences never are). */
    public void record(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("latency must not be negative, got " + nanos + " ns");
        }
        counts[bucketOf(nanos)]++;
        count++;
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
    }

    /** Adds every latency recorded by {@code other}, which is left unchanged. */
    public void merge(LatencyRecorder other) {
        if (other == this) {
            throw new IllegalArgumentException("a recorder cannot be merged into itself");
        }
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            counts[bucket] += other.counts[bucket];
        }
        count += other.count;
        maxNanos = Math.max(maxNanos, other.maxNanos);
    }

    public long count() {
        return count;
    }

    /**
     * The latency at or below which {@code percentile} % of the recordings fall, in microseconds:
     * the upper end of the bucket holding that rank (never above the recorded maximum), so it
     * errs high by less than {@link #RELATIVE_ERROR_MAX}. Zero when nothing was recorded.
     *
     * @param percentile 0..100, for example 50, 99 or 99.9
     */
    public double percentileMicros(double percentile) {
        if (!(percentile >= 0 && percentile <= PERCENT_MAX)) {
            throw new IllegalArgumentException("percentile must be 0..100, got " + percentile);
        }
        if (count == 0) {
            return 0;
        }
        // Rounded to the nearest rank (as HdrHistogram does), so 99.9 % of 1,000 is rank 999 even
        // though 99.9 / 100 * 1,000 is a hair above 999 in binary floating point.
        long rank = Math.max(1, Math.round(percentile / PERCENT_MAX * count));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts[bucket];
            if (seen >= rank) {
                return Math.min(bucketHighestNanos(bucket), maxNanos) / NANOS_PER_MICRO;
            }
        }
        throw new AssertionError("bucket counts add up to less than count " + count);
    }

    /** The largest latency recorded, exactly, in microseconds; zero when nothing was recorded. */
    public double maxMicros() {
        return maxNanos / NANOS_PER_MICRO;
    }

    /** Forgets every recording, for reuse across runs without allocating. */
    public void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        maxNanos = 0;
    }

    static int bucketOf(long nanos) {
        if (nanos < EXACT_LIMIT_NANOS) {
            return (int) nanos;
        }
        int exponent = Long.SIZE - 1 - Long.numberOfLeadingZeros(nanos);
        int shift = exponent - SUB_BUCKET_BITS;
        // The top SUB_BUCKET_BITS + 1 bits: SUB_BUCKETS_PER_POWER..2 * SUB_BUCKETS_PER_POWER - 1.
        int mantissa = (int) (nanos >>> shift);
        return (int) EXACT_LIMIT_NANOS + (exponent - FIRST_SPLIT_EXPONENT) * SUB_BUCKETS_PER_POWER
                + (mantissa - SUB_BUCKETS_PER_POWER);
    }

    /** The largest value that {@link #bucketOf} maps to {@code bucket}. */
    static long bucketHighestNanos(int bucket) {
        if (bucket < EXACT_LIMIT_NANOS) {
            return bucket;
        }
        int split = bucket - (int) EXACT_LIMIT_NANOS;
        int exponent = FIRST_SPLIT_EXPONENT + split / SUB_BUCKETS_PER_POWER;
        long mantissa = SUB_BUCKETS_PER_POWER + split % SUB_BUCKETS_PER_POWER;
        int shift = exponent - SUB_BUCKET_BITS;
        // Computed as lowest + (width - 1) so that the top bucket ends at Long.MAX_VALUE without overflowing.
        return (mantissa << shift) + ((1L << shift) - 1);
    }
}
