package dev.settle.events;

import java.util.HexFormat;

/**
 * Event ids: {@code evt_} + 8 hex digits of the ledger + 16 of the sequence. Unique across
 * tenants (the {@code webhook-id} of a delivery) and ordered within one; clients treat them as
 * opaque.
 */
public final class EventIds {
    public static final String PREFIX = "evt_";
    private static final int LEDGER_DIGITS = 8;
    private static final int SEQUENCE_DIGITS = 16;
    private static final int CHARS = PREFIX.length() + LEDGER_DIGITS + SEQUENCE_DIGITS;

    private EventIds() {}

    public static String format(int ledger, long sequence) {
        return PREFIX + HexFormat.of().toHexDigits(ledger) + HexFormat.of().toHexDigits(sequence);
    }

    /** The sequence of an id of {@code ledger}'s events; -1 for any other string (another tenant's too). */
    public static long sequenceOf(String id, int ledger) {
        if (id == null || id.length() != CHARS || !id.startsWith(PREFIX)) {
            return -1;
        }
        try {
            int idLedger = (int) HexFormat.fromHexDigits(id, PREFIX.length(), PREFIX.length() + LEDGER_DIGITS);
            long sequence = HexFormat.fromHexDigitsToLong(id, PREFIX.length() + LEDGER_DIGITS, CHARS);
            return idLedger == ledger && sequence > 0 ? sequence : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
