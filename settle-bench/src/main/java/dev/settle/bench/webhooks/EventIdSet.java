package dev.settle.bench.webhooks;

import dev.settle.events.EventIds;
import java.util.BitSet;
import java.util.HexFormat;

/**
 * The distinct event ids seen, one bit per event: an id is {@code evt_} + 8 hex digits of the
 * ledger + 16 of the sequence, and a ledger's sequences are dense from 1, so a bit set per ledger
 * holds millions of ids in a few hundred KiB where a set of strings would take a hundred bytes
 * each. Not thread-safe: its owner ({@link DeliveryTally}) guards it.
 */
final class EventIdSet {
    /** The digits of {@link EventIds#format}; an id of any other shape is not an event id. */
    static final int LEDGER_DIGITS = 8;
    static final int SEQUENCE_DIGITS = 16;
    static final int ID_CHARS = EventIds.PREFIX.length() + LEDGER_DIGITS + SEQUENCE_DIGITS;
    /** Sequences tracked per ledger: a bit each, so 128 MiB at most, far beyond a bench run's events. */
    static final long SEQUENCE_MAX = 1L << 30;
    /** Ledgers tracked at once; a bench subscribes one tenant, so a few are plenty. */
    static final int LEDGERS_MAX = 16;
    static final long INVALID = -1;

    static {
        if (SEQUENCE_MAX > Integer.MAX_VALUE) {
            throw new AssertionError("a sequence must fit a BitSet index");
        }
    }

    /** What {@link #add} did with an id. */
    enum Outcome {
        /** Its first delivery. */
        NEW,
        /** Seen before: an at-least-once repeat. */
        REPEATED,
        /** Not an event id, or beyond the limits above. */
        INVALID
    }

    private final int[] ledgers = new int[LEDGERS_MAX];
    private final BitSet[] sequences = new BitSet[LEDGERS_MAX];
    private int ledgerCount;
    private long size;

    Outcome add(String id) {
        long ledger = ledgerOf(id);
        long sequence = sequenceOf(id);
        if (ledger == INVALID || sequence == INVALID || sequence > SEQUENCE_MAX) {
            return Outcome.INVALID;
        }
        BitSet seen = sequencesOf((int) ledger);
        if (seen == null) {
            return Outcome.INVALID;
        }
        if (seen.get((int) sequence)) {
            return Outcome.REPEATED;
        }
        seen.set((int) sequence);
        size++;
        return Outcome.NEW;
    }

    /** Distinct ids added. */
    long size() {
        return size;
    }

    /** The sequence of an event id (1 or more), or {@link #INVALID} for any other string. */
    static long sequenceOf(String id) {
        if (!isWellFormed(id)) {
            return INVALID;
        }
        long sequence = HexFormat.fromHexDigitsToLong(id, ID_CHARS - SEQUENCE_DIGITS, ID_CHARS);
        return sequence > 0 ? sequence : INVALID;
    }

    /** The ledger of an event id, or {@link #INVALID} for any other string. */
    static long ledgerOf(String id) {
        if (!isWellFormed(id)) {
            return INVALID;
        }
        int start = EventIds.PREFIX.length();
        return Integer.toUnsignedLong(HexFormat.fromHexDigits(id, start, start + LEDGER_DIGITS));
    }

    private static boolean isWellFormed(String id) {
        if (id == null || id.length() != ID_CHARS || !id.startsWith(EventIds.PREFIX)) {
            return false;
        }
        for (int i = EventIds.PREFIX.length(); i < ID_CHARS; i++) {
            if (!HexFormat.isHexDigit(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The bits of {@code ledger}, made on its first id; null when {@link #LEDGERS_MAX} are tracked already. */
    private BitSet sequencesOf(int ledger) {
        for (int i = 0; i < ledgerCount; i++) {
            if (ledgers[i] == ledger) {
                return sequences[i];
            }
        }
        if (ledgerCount == LEDGERS_MAX) {
            return null;
        }
        ledgers[ledgerCount] = ledger;
        sequences[ledgerCount] = new BitSet();
        return sequences[ledgerCount++];
    }
}
