package dev.settle.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Writes random UUIDs straight into request bytes, without a {@link java.util.UUID} or a String per id. */
final class Uuids {
    /** "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
    static final int TEXT_BYTES = 36;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long VERSION_MASK = 0xF000L;
    private static final long VERSION_4 = 0x4000L;
    private static final long VARIANT_MASK = 0xC000_0000_0000_0000L;
    private static final long VARIANT_RFC_4122 = 0x8000_0000_0000_0000L;

    private Uuids() {}

    /**
     * Writes a random version-4 UUID as {@value #TEXT_BYTES} lower-case ASCII characters at
     * {@code offset}. 122 random bits: ids from different connections and runs do not collide.
     */
    static void writeRandom(SplittableRandom random, byte[] out, int offset) {
        long high = (random.nextLong() & ~VERSION_MASK) | VERSION_4;
        long low = (random.nextLong() & ~VARIANT_MASK) | VARIANT_RFC_4122;
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
