package dev.settle.common;

import dev.settle.ledger.UInt128;
import java.util.concurrent.ThreadLocalRandom;
import java.util.UUID;

/** UUID ids: strict parsing (8-4-4-4-12 hex only) and UUIDv7 generation. */
public final class Ids {
    private static final int TEXT_LENGTH = 36;

    private Ids() {}

    /** The id in {@code text}, or null when it is not in the 8-4-4-4-12 hex form. */
    public static UInt128 parseOrNull(String text) {
        if (text.length() != TEXT_LENGTH) {
            return null;
        }
        for (int i = 0; i < TEXT_LENGTH; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return null;
            }
        }
        return UInt128.of(UUID.fromString(text));
    }

    public static String format(UInt128 id) {
        return id.toUuid().toString();
    }

    /**
     * A new UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Ids are not
     * secrets, so a per-thread generator does (a shared SecureRandom is a lock every request
     * would queue on).
     */
    public static UInt128 newV7(long unixMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (unixMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UInt128(high, low);
    }
}
