package dev.settle.verify;

import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.UInt128;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Every account of one ledger as stored, plus the balances recomputed from its transfers, side by
 * side in arrays (eight longs per account, in the engine's balance layout).
 */
final class VerifiedAccounts {
    final Map<UInt128, Integer> index = new HashMap<>();
    long[] stored = new long[64 * 8];
    long[] computed = new long[64 * 8];
    UInt128[] ids = new UInt128[64];
    long[] ledgers = new long[64];
    int[] flags = new int[64];
    int[] creationFlags = new int[64];
    long[] timestamps = new long[64];
    /** The newest transfer each account points at, as stored, and as met while scanning the transfers. */
    long[] storedLastTransfer = new long[64];
    long[] seenLastTransfer = new long[64];
    /** Open closing pending transfers that keep each account closed. */
    int[] closedBy = new int[64];
    int size;

    int add(AccountRecord a, int createdWith) {
        if (size == ids.length) {
            grow();
        }
        int slot = size++;
        ids[slot] = a.id();
        ledgers[slot] = a.ledger();
        flags[slot] = a.flags();
        creationFlags[slot] = createdWith;
        timestamps[slot] = a.timestamp();
        storedLastTransfer[slot] = a.lastTransferTimestamp();
        put(stored, slot, 0, a.debitsPending());
        put(stored, slot, 2, a.debitsPosted());
        put(stored, slot, 4, a.creditsPending());
        put(stored, slot, 6, a.creditsPosted());
        index.put(a.id(), slot);
        return slot;
    }

    /** The slot of an account id, or -1. */
    int slotOf(UInt128 id) {
        Integer slot = index.get(id);
        return slot == null ? -1 : slot;
    }

    /** Adds {@code amount} to a computed balance; false when the sum would not fit in 128 bits. */
    boolean addComputed(int slot, int field, UInt128 amount) {
        int at = slot * 8 + field;
        long high = computed[at];
        long low = computed[at + 1];
        if (UInt128.addOverflows(high, low, amount.high(), amount.low())) {
            return false;
        }
        computed[at] = UInt128.addHigh(high, low, amount.high(), amount.low());
        computed[at + 1] = UInt128.addLow(low, amount.low());
        return true;
    }

    UInt128 stored(int slot, int field) {
        return new UInt128(stored[slot * 8 + field], stored[slot * 8 + field + 1]);
    }

    UInt128 computed(int slot, int field) {
        return new UInt128(computed[slot * 8 + field], computed[slot * 8 + field + 1]);
    }

    private static void put(long[] into, int slot, int field, UInt128 value) {
        into[slot * 8 + field] = value.high();
        into[slot * 8 + field + 1] = value.low();
    }

    private void grow() {
        int capacity = ids.length * 2;
        stored = Arrays.copyOf(stored, capacity * 8);
        computed = Arrays.copyOf(computed, capacity * 8);
        ids = Arrays.copyOf(ids, capacity);
        ledgers = Arrays.copyOf(ledgers, capacity);
        flags = Arrays.copyOf(flags, capacity);
        creationFlags = Arrays.copyOf(creationFlags, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        closedBy = Arrays.copyOf(closedBy, capacity);
        storedLastTransfer = Arrays.copyOf(storedLastTransfer, capacity);
        seenLastTransfer = Arrays.copyOf(seenLastTransfer, capacity);
    }
}
