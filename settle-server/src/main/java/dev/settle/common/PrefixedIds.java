package dev.settle.common;

import dev.settle.ledger.UInt128;
import java.util.HexFormat;

/**
 * Ids shown as a prefix naming their kind and 32 hex digits of a 128-bit number, Stripe's way
 * ({@code we_…} webhook endpoints, {@code pi_…} payment intents, {@code re_…} refunds).
 */
public final class PrefixedIds {
    private static final int DIGITS = 32;
    private final String prefix;

    public PrefixedIds(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String format(UInt128 id) {
        return prefix + HexFormat.of().toHexDigits(id.high()) + HexFormat.of().toHexDigits(id.low());
    }

    /** The id, or null for anything that is not one of these ids. */
    public UInt128 parseOrNull(String text) {
        if (text == null || text.length() != prefix.length() + DIGITS || !text.startsWith(prefix)) {
            return null;
        }
        try {
            return new UInt128(HexFormat.fromHexDigitsToLong(text, prefix.length(), prefix.length() + 16),
                    HexFormat.fromHexDigitsToLong(text, prefix.length() + 16, text.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
