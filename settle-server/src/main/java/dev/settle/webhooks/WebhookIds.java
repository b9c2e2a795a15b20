package dev.settle.webhooks;

import dev.settle.common.PrefixedIds;
import dev.settle.ledger.UInt128;

/** Webhook endpoint ids: {@code we_} + 32 hex digits of a random 128-bit number. */
public final class WebhookIds {
    public static final String PREFIX = "we_";
    private static final PrefixedIds IDS = new PrefixedIds(PREFIX);

    private WebhookIds() {}

    public static String format(UInt128 id) {
        return IDS.format(id);
    }

    /** The id, or null for anything that is not an endpoint id. */
    public static UInt128 parseOrNull(String text) {
        return IDS.parseOrNull(text);
    }
}
