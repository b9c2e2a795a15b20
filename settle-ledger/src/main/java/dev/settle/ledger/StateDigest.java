package dev.settle.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 digest of a ledger's in-memory state: the applied position, every account (sorted
 * by id: slot order depends on how the state was loaded) and every open pending transfer (sorted
 * by id). Two engines that applied the same commands with the same timestamps, or one engine and
 * its recovery from the store, have the same digest.
 */
public final class StateDigest {
    private StateDigest() {}

    public static String of(LedgerEngine engine) {
        MessageDigest sha = sha256();
        update(sha, engine.lastTimestamp());
        update(sha, engine.batchSequence());
        AccountTable accounts = engine.accounts;
        for (int slot : sortedById(accounts.size(), accounts::idHigh, accounts::idLow)) {
            digestAccount(sha, accounts, slot);
        }
        PendingTable pendings = engine.pendings;
        List<Integer> open = new ArrayList<>();
        pendings.forEachSlot(open::add);
        int[] openSlots = open.stream().mapToInt(Integer::intValue).toArray();
        for (int slot : sortedSlotsById(openSlots, pendings::idHigh, pendings::idLow)) {
            digestPending(sha, pendings, accounts, slot);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void digestAccount(MessageDigest sha, AccountTable a, int slot) {
        update(sha, a.idHigh(slot), a.idLow(slot), a.ledger(slot), a.code(slot), a.flags(slot));
        update(sha, a.userData128High(slot), a.userData128Low(slot), a.userData64(slot), a.userData32(slot));
        update(sha, a.timestamp(slot), a.metadataDigest(slot), a.lastTransferTimestamp(slot));
        for (int field = 0; field < AccountTable.BALANCE_LONGS; field += 2) {
            update(sha, a.balanceHigh(slot, field), a.balanceLow(slot, field));
        }
    }

    private static void digestPending(MessageDigest sha, PendingTable p, AccountTable a, int slot) {
        update(sha, p.idHigh(slot), p.idLow(slot), p.timestamp(slot), p.amountHigh(slot), p.amountLow(slot));
        update(sha, p.timeoutSeconds(slot), p.expiresAt(slot), p.ledger(slot), p.code(slot), p.flags(slot));
        update(sha, p.userData128High(slot), p.userData128Low(slot), p.userData64(slot), p.userData32(slot));
        update(sha, a.idHigh(p.debitSlot(slot)), a.idLow(p.debitSlot(slot)));
        update(sha, a.idHigh(p.creditSlot(slot)), a.idLow(p.creditSlot(slot)));
    }

    private static int[] sortedById(int count, java.util.function.IntToLongFunction high,
            java.util.function.IntToLongFunction low) {
        int[] slots = new int[count];
        for (int i = 0; i < count; i++) {
            slots[i] = i;
        }
        return sortedSlotsById(slots, high, low);
    }

    private static int[] sortedSlotsById(int[] slots, java.util.function.IntToLongFunction high,
            java.util.function.IntToLongFunction low) {
        return java.util.Arrays.stream(slots).boxed()
                .sorted((x, y) -> UInt128.compare(high.applyAsLong(x), low.applyAsLong(x), high.applyAsLong(y),
                        low.applyAsLong(y)))
                .mapToInt(Integer::intValue).toArray();
    }

    private static void update(MessageDigest sha, long... values) {
        for (long value : values) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                sha.update((byte) (value >>> shift));
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
