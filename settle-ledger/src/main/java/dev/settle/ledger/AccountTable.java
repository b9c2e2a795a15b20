package dev.settle.ledger;

import java.util.Arrays;

/**
 * Every account of a ledger, in memory, as parallel primitive arrays indexed by a slot number.
 *
 * <p>Slots are handed out in creation order and never reused, except that the newest slots can be
 * taken back when a linked chain of account creations rolls back. Balances live in one
 * {@code long[]}, eight longs per account, so that one account's balances share a cache line:
 *
 * <pre>
 *   balances[slot * 8 + ...]
 *   +0 debits_pending.high   +1 debits_pending.low
 *   +2 debits_posted.high    +3 debits_posted.low
 *   +4 credits_pending.high  +5 credits_pending.low
 *   +6 credits_posted.high   +7 credits_posted.low
 * </pre>
 *
 * <p>Readers outside the engine (the store's encoder, the pod's read model) see it through
 * {@link BatchChanges.Accounts}; only the engine's writer thread may read it while it runs.
 */
final class AccountTable implements BatchChanges.Accounts {
    static final int BALANCE_LONGS = 8;
    private static final int CAPACITY_INITIAL = 64;

    private final IdMap index = new IdMap(CAPACITY_INITIAL);
    private long[] idHigh = new long[CAPACITY_INITIAL];
    private long[] idLow = new long[CAPACITY_INITIAL];
    private long[] ledger = new long[CAPACITY_INITIAL];
    private int[] code = new int[CAPACITY_INITIAL];
    private int[] flags = new int[CAPACITY_INITIAL];
    private long[] userData128High = new long[CAPACITY_INITIAL];
    private long[] userData128Low = new long[CAPACITY_INITIAL];
    private long[] userData64 = new long[CAPACITY_INITIAL];
    private int[] userData32 = new int[CAPACITY_INITIAL];
    private long[] timestamp = new long[CAPACITY_INITIAL];
    private long[] metadataDigest = new long[CAPACITY_INITIAL];
    long[] balances = new long[CAPACITY_INITIAL * BALANCE_LONGS];
    /** The timestamp of the account's newest transfer (0: none): the head of its transfer chain. */
    private long[] lastTransfer = new long[CAPACITY_INITIAL];
    private int size;

    /** The number of accounts. */
    public int size() {
        return size;
    }

    /** The slot of the account with this id, or -1. */
    public int find(long high, long low) {
        return index.get(high, low);
    }

    int append(long high, long low, long ledgerValue, int codeValue, int flagsValue, long data128High,
            long data128Low, long data64, int data32, long createdAt, long digest) {
        Invariants.check(size < LedgerLimits.ACCOUNTS_MAX, "account capacity is checked before append");
        if (size == idHigh.length) {
            grow();
        }
        int slot = size++;
        idHigh[slot] = high;
        idLow[slot] = low;
        ledger[slot] = ledgerValue;
        code[slot] = codeValue;
        flags[slot] = flagsValue;
        userData128High[slot] = data128High;
        userData128Low[slot] = data128Low;
        userData64[slot] = data64;
        userData32[slot] = data32;
        timestamp[slot] = createdAt;
        metadataDigest[slot] = digest;
        Arrays.fill(balances, slot * BALANCE_LONGS, (slot + 1) * BALANCE_LONGS, 0L);
        lastTransfer[slot] = 0;
        int previous = index.put(high, low, slot);
        Invariants.check(previous == IdMap.MISSING, "account ids are unique");
        return slot;
    }

    /** Takes back the newest slot (a rolled-back creation). */
    void removeLast(int slot) {
        Invariants.check(slot == size - 1, "only the newest account can be taken back");
        int removed = index.remove(idHigh[slot], idLow[slot]);
        Invariants.check(removed == slot, "account index agrees with the table");
        size--;
    }

    void setFlags(int slot, int value) {
        flags[slot] = value;
    }

    void setLastTransfer(int slot, long timestamp) {
        lastTransfer[slot] = timestamp;
    }

    /** The timestamp of the account's newest transfer, or 0; each transfer links to the one before. */
    public long lastTransferTimestamp(int slot) {
        return lastTransfer[slot];
    }

    void setBalance(int slot, int field, long high, long low) {
        int at = slot * BALANCE_LONGS + field;
        balances[at] = high;
        balances[at + 1] = low;
    }

    public long idHigh(int slot) {
        return idHigh[slot];
    }

    public long idLow(int slot) {
        return idLow[slot];
    }

    public long ledger(int slot) {
        return ledger[slot];
    }

    public int code(int slot) {
        return code[slot];
    }

    public int flags(int slot) {
        return flags[slot];
    }

    public long userData128High(int slot) {
        return userData128High[slot];
    }

    public long userData128Low(int slot) {
        return userData128Low[slot];
    }

    public long userData64(int slot) {
        return userData64[slot];
    }

    public int userData32(int slot) {
        return userData32[slot];
    }

    public long timestamp(int slot) {
        return timestamp[slot];
    }

    long metadataDigest(int slot) {
        return metadataDigest[slot];
    }

    /** The high half of a balance; {@code field} is one of DEBITS_PENDING, DEBITS_POSTED, ... */
    public long balanceHigh(int slot, int field) {
        return balances[slot * BALANCE_LONGS + field];
    }

    /** The low half of a balance; {@code field} is one of DEBITS_PENDING, DEBITS_POSTED, ... */
    public long balanceLow(int slot, int field) {
        return balances[slot * BALANCE_LONGS + field + 1];
    }

    /** The account in {@code slot} as a value (metadata is not kept in memory and comes back null). */
    public AccountRecord record(int slot) {
        return new AccountRecord(new UInt128(idHigh[slot], idLow[slot]), ledger[slot], code[slot], flags[slot],
                new UInt128(userData128High[slot], userData128Low[slot]), userData64[slot], userData32[slot],
                timestamp[slot], balance(slot, DEBITS_PENDING), balance(slot, DEBITS_POSTED),
                balance(slot, CREDITS_PENDING), balance(slot, CREDITS_POSTED), lastTransfer[slot], null);
    }

    public UInt128 balance(int slot, int field) {
        return new UInt128(balanceHigh(slot, field), balanceLow(slot, field));
    }

    private void grow() {
        int capacity = idHigh.length * 2;
        idHigh = Arrays.copyOf(idHigh, capacity);
        idLow = Arrays.copyOf(idLow, capacity);
        ledger = Arrays.copyOf(ledger, capacity);
        code = Arrays.copyOf(code, capacity);
        flags = Arrays.copyOf(flags, capacity);
        userData128High = Arrays.copyOf(userData128High, capacity);
        userData128Low = Arrays.copyOf(userData128Low, capacity);
        userData64 = Arrays.copyOf(userData64, capacity);
        userData32 = Arrays.copyOf(userData32, capacity);
        timestamp = Arrays.copyOf(timestamp, capacity);
        metadataDigest = Arrays.copyOf(metadataDigest, capacity);
        balances = Arrays.copyOf(balances, capacity * BALANCE_LONGS);
        lastTransfer = Arrays.copyOf(lastTransfer, capacity);
    }
}
