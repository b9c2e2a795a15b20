package dev.settle.ledger;

/**
 * A batch of accounts to create, as parallel primitive arrays (see {@link TransferBatch}).
 * Holds at most {@link LedgerLimits#ACCOUNTS_PER_BATCH_MAX} accounts.
 */
public final class AccountBatch {
    final long[] idHigh;
    final long[] idLow;
    final long[] ledger;
    final int[] code;
    final int[] flags;
    final long[] userData128High;
    final long[] userData128Low;
    final long[] userData64;
    final int[] userData32;
    final byte[][] metadata;
    private int size;

    public AccountBatch(int capacity) {
        if (capacity < 1 || capacity > LedgerLimits.ACCOUNTS_PER_BATCH_MAX) {
            throw new IllegalArgumentException("capacity must be 1.." + LedgerLimits.ACCOUNTS_PER_BATCH_MAX);
        }
        idHigh = new long[capacity];
        idLow = new long[capacity];
        ledger = new long[capacity];
        code = new int[capacity];
        flags = new int[capacity];
        userData128High = new long[capacity];
        userData128Low = new long[capacity];
        userData64 = new long[capacity];
        userData32 = new int[capacity];
        metadata = new byte[capacity][];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return idHigh.length;
    }

    public boolean isFull() {
        return size == idHigh.length;
    }

    public void clear() {
        for (int i = 0; i < size; i++) {
            metadata[i] = null;
        }
        size = 0;
    }

    public int add(NewAccount a) {
        if (isFull()) {
            throw new IllegalStateException("account batch is full");
        }
        if (a.code() < 0 || a.code() > LedgerLimits.CODE_MAX) {
            throw new IllegalArgumentException("code must be 0.." + LedgerLimits.CODE_MAX);
        }
        if (a.metadata() != null && a.metadata().length > LedgerLimits.METADATA_BYTES_MAX) {
            throw new IllegalArgumentException("metadata must be at most " + LedgerLimits.METADATA_BYTES_MAX + " bytes");
        }
        int i = size++;
        idHigh[i] = a.id().high();
        idLow[i] = a.id().low();
        ledger[i] = a.ledger();
        code[i] = a.code();
        flags[i] = a.flags();
        userData128High[i] = a.userData128().high();
        userData128Low[i] = a.userData128().low();
        userData64[i] = a.userData64();
        userData32[i] = a.userData32();
        metadata[i] = a.metadata();
        return i;
    }

    // Reads of one field, without allocation (for encoders on the hot path; get(i) builds a value).

    public long idHigh(int i) {
        return idHigh[i];
    }

    public long idLow(int i) {
        return idLow[i];
    }

    public long ledger(int i) {
        return ledger[i];
    }

    public int code(int i) {
        return code[i];
    }

    public int flags(int i) {
        return flags[i];
    }

    public long userData128High(int i) {
        return userData128High[i];
    }

    public long userData128Low(int i) {
        return userData128Low[i];
    }

    public long userData64(int i) {
        return userData64[i];
    }

    public int userData32(int i) {
        return userData32[i];
    }

    /** The account's metadata (null: none), not copied: do not change it. */
    public byte[] metadata(int i) {
        return metadata[i];
    }

    /** The account at {@code i} as a value. */
    public NewAccount get(int i) {
        return new NewAccount(new UInt128(idHigh[i], idLow[i]), ledger[i], code[i], flags[i],
                new UInt128(userData128High[i], userData128Low[i]), userData64[i], userData32[i], metadata[i]);
    }
}
