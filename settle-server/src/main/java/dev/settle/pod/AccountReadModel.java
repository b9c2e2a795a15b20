package dev.settle.pod;

import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.UInt128;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;

/**
 * One ledger's accounts as durable: updated by the committer after each batch is on disk and
 * before its callers hear back, so a read never shows what a crash could take back, and a caller
 * always reads its own writes. Account slots are the engine's (creation order). Metadata is not
 * kept here; it is immutable and read from the store.
 */
public final class AccountReadModel {
    private static final int STATE_LONGS = 10; // flags, newest transfer, eight balance longs
    private static final int CAPACITY_INITIAL = 64;

    private final StampedLock lock = new StampedLock();
    private final Map<UInt128, Integer> slots = new HashMap<>();
    private long[] fixed = new long[CAPACITY_INITIAL * Delta.FIXED_LONGS]; // id, ledger, code, user data, timestamp
    private long[] state = new long[CAPACITY_INITIAL * STATE_LONGS];
    private int size;

    /** A page of accounts, newest first, and whether more follow. */
    public record Page(List<AccountRecord> accounts, boolean hasMore) {}

    /** The read model of an engine just recovered (its state is durable). */
    static AccountReadModel copyOf(BatchChanges.Accounts table) {
        AccountReadModel model = new AccountReadModel();
        Delta all = new Delta();
        for (int slot = 0; slot < table.size(); slot++) {
            all.created(table, slot);
            all.changed(table, slot);
        }
        model.apply(all);
        return model;
    }

    public int size() {
        long stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The durable account with this id, metadata left null; or null. */
    public AccountRecord find(UInt128 id) {
        long stamp = lock.readLock();
        try {
            Integer slot = slots.get(id);
            return slot == null ? null : record(slot);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Up to {@code limit} accounts newest first: after {@code startingAfter} (older than it), or
     * before {@code endingBefore} (newer than it), or from the newest. An unknown cursor gives
     * null.
     */
    public Page list(int limit, UInt128 startingAfter, UInt128 endingBefore) {
        long stamp = lock.readLock();
        try {
            if (endingBefore != null) {
                Integer cursor = slots.get(endingBefore);
                if (cursor == null) {
                    return null;
                }
                int from = Math.min(size - 1, cursor + limit);
                List<AccountRecord> page = new ArrayList<>();
                for (int slot = from; slot > cursor; slot--) {
                    page.add(record(slot));
                }
                return new Page(page, cursor + limit < size - 1);
            }
            Integer cursor = startingAfter == null ? Integer.valueOf(size) : slots.get(startingAfter);
            if (cursor == null) {
                return null;
            }
            List<AccountRecord> page = new ArrayList<>();
            for (int slot = cursor - 1; slot >= 0 && page.size() < limit; slot--) {
                page.add(record(slot));
            }
            return new Page(page, cursor - 1 - page.size() >= 0);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Applies what one durable batch changed (committer thread). */
    void apply(Delta delta) {
        long stamp = lock.writeLock();
        try {
            for (int k = 0; k < delta.createdCount; k++) {
                int slot = delta.createdSlots[k];
                if (slot != size) {
                    throw new IllegalStateException("accounts become durable in slot order");
                }
                grow(slot + 1);
                System.arraycopy(delta.createdFixed, k * Delta.FIXED_LONGS, fixed, slot * Delta.FIXED_LONGS,
                        Delta.FIXED_LONGS);
                slots.put(new UInt128(fixed[slot * Delta.FIXED_LONGS], fixed[slot * Delta.FIXED_LONGS + 1]), slot);
                size++;
            }
            for (int k = 0; k < delta.changedCount; k++) {
                System.arraycopy(delta.changedState, k * STATE_LONGS, state, delta.changedSlots[k] * STATE_LONGS,
                        STATE_LONGS);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private AccountRecord record(int slot) {
        int f = slot * Delta.FIXED_LONGS;
        int s = slot * STATE_LONGS;
        return new AccountRecord(new UInt128(fixed[f], fixed[f + 1]), fixed[f + 2], (int) fixed[f + 3], (int) state[s],
                new UInt128(fixed[f + 4], fixed[f + 5]), fixed[f + 6], (int) fixed[f + 7], fixed[f + 8],
                new UInt128(state[s + 2], state[s + 3]), new UInt128(state[s + 4], state[s + 5]),
                new UInt128(state[s + 6], state[s + 7]), new UInt128(state[s + 8], state[s + 9]), state[s + 1], null);
    }

    private void grow(int capacity) {
        if (capacity * Delta.FIXED_LONGS > fixed.length) {
            int slotsNew = Math.max(capacity, fixed.length / Delta.FIXED_LONGS * 2);
            fixed = Arrays.copyOf(fixed, slotsNew * Delta.FIXED_LONGS);
            state = Arrays.copyOf(state, slotsNew * STATE_LONGS);
        }
    }

    /** What one batch changed in a ledger's accounts, copied out on the writer thread (opaque outside the pod). */
    public static final class Delta {
        static final int FIXED_LONGS = 9; // id (2), ledger, code, user data 128 (2), 64, 32, timestamp

        int[] createdSlots = new int[0];
        long[] createdFixed = new long[0];
        int createdCount;
        int[] changedSlots = new int[0];
        long[] changedState = new long[0];
        int changedCount;

        Delta() {}

        static Delta of(BatchChanges changes) {
            Delta delta = new Delta();
            BatchChanges.Accounts table = changes.accounts();
            for (int i = 0; i < changes.createdAccountCount(); i++) {
                delta.created(table, changes.createdAccountSlot(i));
            }
            for (int i = 0; i < changes.changedAccountCount(); i++) {
                delta.changed(table, changes.changedAccountSlot(i));
            }
            return delta;
        }

        void created(BatchChanges.Accounts t, int slot) {
            if (createdCount == createdSlots.length) {
                createdSlots = Arrays.copyOf(createdSlots, Math.max(8, createdCount * 2));
                createdFixed = Arrays.copyOf(createdFixed, createdSlots.length * FIXED_LONGS);
            }
            int at = createdCount * FIXED_LONGS;
            createdSlots[createdCount++] = slot;
            long[] values = {t.idHigh(slot), t.idLow(slot), t.ledger(slot), t.code(slot), t.userData128High(slot),
                t.userData128Low(slot), t.userData64(slot), t.userData32(slot), t.timestamp(slot)};
            System.arraycopy(values, 0, createdFixed, at, FIXED_LONGS);
        }

        void changed(BatchChanges.Accounts t, int slot) {
            if (changedCount == changedSlots.length) {
                changedSlots = Arrays.copyOf(changedSlots, Math.max(8, changedCount * 2));
                changedState = Arrays.copyOf(changedState, changedSlots.length * STATE_LONGS);
            }
            int at = changedCount * STATE_LONGS;
            changedSlots[changedCount++] = slot;
            changedState[at] = t.flags(slot);
            changedState[at + 1] = t.lastTransferTimestamp(slot);
            for (int field = 0; field < 8; field += 2) {
                changedState[at + 2 + field] = t.balanceHigh(slot, field);
                changedState[at + 3 + field] = t.balanceLow(slot, field);
            }
        }
    }
}
