package dev.settle.webhooks;

import dev.settle.ledger.UInt128;
import java.util.HexFormat;

/** Webhook endpoint ids: {@code we_} + 32 hex digits of a random 128-bit number. */
public final class WebhookIds {
    public static final String PREFIX = "we_";
    private static final int DIGITS = 32;

    private WebhookIds() {}

    public static String format(UInt128 id) {
        return PREFIX + HexFormat.of().toHexDigits(id.high()) + HexFormat.of().toHexDigits(id.low());
    }

    /** The id, or null for anything that is not an endpoint id. */
    public static UInt128 parseOrNull(String text) {
        if (text == null || text.length() != PREFIX.length() + DIGITS || !text.startsWith(PREFIX)) {
            return null;
        }
        try {
            return new UInt128(HexFormat.fromHexDigitsToLong(text, PREFIX.length(), PREFIX.length() + 16),
                    HexFormat.fromHexDigitsToLong(text, PREFIX.length() + 16, text.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
