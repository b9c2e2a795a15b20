package dev.settle.tenant;

import dev.settle.ledger.UInt128;
import java.util.HexFormat;

/** Key ids: {@code key_} + 32 hex digits; an id names a key, it is not a secret. */
public final class ApiKeyIds {
    public static final String PREFIX = "key_";
    private static final int DIGITS = 32;

    private ApiKeyIds() {}

    public static String format(UInt128 id) {
        return PREFIX + HexFormat.of().toHexDigits(id.high()) + HexFormat.of().toHexDigits(id.low());
    }

    /** The id, or null for anything that is not a key id. */
    public static UInt128 parseOrNull(String text) {
        if (text == null || text.length() != PREFIX.length() + DIGITS || !text.startsWith(PREFIX)) {
            return null;
        }
        for (int i = PREFIX.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return new UInt128(HexFormat.fromHexDigitsToLong(text, PREFIX.length(), PREFIX.length() + 16),
                HexFormat.fromHexDigitsToLong(text, PREFIX.length() + 16, text.length()));
    }
}
