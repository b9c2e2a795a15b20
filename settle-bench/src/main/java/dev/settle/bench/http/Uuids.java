package dev.settle.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes UUIDs straight into request bytes, without a {@link java.util.UUID} or a String per id.
 *
 * <pre>
 * version 4:  random(48) | 0100 | random(12) | 10 | random(62)
 * version 7:  unix_ts_ms(48) | 0111 | random(12) | 10 | random(62)
 *             most significant bit first; "10" is the RFC 9562 variant
 * </pre>
 */
final class Uuids {
    /** "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
    static final int TEXT_BYTES = 36;
    /** A version-7 UUID holds the Unix time in its top 48 bits (RFC 9562, section 5.7). */
    static final int UNIX_MILLIS_BITS = 48;
    static final long UNIX_MILLIS_MAX = (1L << UNIX_MILLIS_BITS) - 1;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION_SHIFT = 12;
    private static final int VERSION_BITS = 4;
    private static final long VERSION_MASK = 0xFL << VERSION_SHIFT;
    private static final long VERSION_4 = 4L << VERSION_SHIFT;
    private static final long VERSION_7 = 7L << VERSION_SHIFT;
    /** The 12 random bits of a version-7 UUID's high half, below the version ("rand_a"). */
    private static final long RANDOM_A_MASK = (1L << VERSION_SHIFT) - 1;
    private static final long VARIANT_MASK = 0xC000_0000_0000_0000L;
    private static final long VARIANT_RFC_9562 = 0x8000_0000_0000_0000L;

    static {
        if (UNIX_MILLIS_BITS + VERSION_BITS + VERSION_SHIFT != Long.SIZE) {
            throw new AssertionError("the time, the version and rand_a must fill the high 64 bits exactly");
        }
    }

    private Uuids() {}

    /**
     * Writes a random version-4 UUID as {@value #TEXT_BYTES} lower-case ASCII characters at
     * {@code offset}. 122 random bits: ids from different connections and runs do not collide.
     */
    static void writeV4(SplittableRandom random, byte[] out, int offset) {
        long high = (random.nextLong() & ~VERSION_MASK) | VERSION_4;
        long low = (random.nextLong() & ~VARIANT_MASK) | VARIANT_RFC_9562;
        write(high, low, out, offset);
    }

    /**
     * Writes a version-7 UUID of {@code unixMillis} as {@value #TEXT_BYTES} lower-case ASCII
     * characters at {@code offset}. Ids of later milliseconds sort after earlier ones, as text
     * and as numbers; within a millisecond 74 random bits keep them apart.
     */
    static void writeV7(long unixMillis, SplittableRandom random, byte[] out, int offset) {
        if (unixMillis < 0 || unixMillis > UNIX_MILLIS_MAX) {
            throw new IllegalArgumentException("a version-7 UUID holds Unix milliseconds 0.." + UNIX_MILLIS_MAX
                    + ", got " + unixMillis);
        }
        long high = (unixMillis << (Long.SIZE - UNIX_MILLIS_BITS)) | VERSION_7 | (random.nextLong() & RANDOM_A_MASK);
        long low = (random.nextLong() & ~VARIANT_MASK) | VARIANT_RFC_9562;
        write(high, low, out, offset);
    }

    /** Writes the UUID of {@code high} and {@code low} as {@link java.util.UUID#toString} would. */
    static void write(long high, long low, byte[] out, int offset) {
        writeHex(high >>> 32, 8, out, offset);
        out[offset + 8] = '-';
        writeHex(high >>> 16, 4, out, offset + 9);
        out[offset + 13] = '-';
        writeHex(high, 4, out, offset + 14);
        out[offset + 18] = '-';
        writeHex(low >>> 48, 4, out, offset + 19);
        out[offset + 23] = '-';
        writeHex(low, 12, out, offset + 24);
    }

    /** The low {@code digits} hex digits of {@code value}, most significant first. */
    private static void writeHex(long value, int digits, byte[] out, int offset) {
        long rest = value;
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX_DIGITS[(int) (rest & 0xF)];
            rest >>>= 4;
        }
    }
}
