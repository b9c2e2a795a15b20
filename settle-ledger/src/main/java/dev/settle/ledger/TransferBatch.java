package dev.settle.ledger;

/**
 * A batch of transfers to create, laid out as parallel primitive arrays so that decoding a
 * request and applying it allocate nothing per transfer.
 *
 * <p>Fill it with {@link #add(NewTransfer)} or with {@link #add()} and the setters; the engine
 * reads the fields directly. A batch holds at most {@link LedgerLimits#TRANSFERS_PER_BATCH_MAX}
 * transfers and can be reused after {@link #clear()}.
 */
public final class TransferBatch {
    final long[] idHigh;
    final long[] idLow;
    final long[] debitHigh;
    final long[] debitLow;
    final long[] creditHigh;
    final long[] creditLow;
    final long[] amountHigh;
    final long[] amountLow;
    final long[] pendingHigh;
    final long[] pendingLow;
    final long[] userData128High;
    final long[] userData128Low;
    final long[] userData64;
    final int[] userData32;
    final long[] timeoutSeconds;
    final long[] ledger;
    final int[] code;
    final int[] flags;
    final byte[][] metadata;
    private int size;

    public TransferBatch(int capacity) {
        if (capacity < 1 || capacity > LedgerLimits.TRANSFERS_PER_BATCH_MAX) {
            throw new IllegalArgumentException("capacity must be 1.." + LedgerLimits.TRANSFERS_PER_BATCH_MAX);
        }
        idHigh = new long[capacity];
        idLow = new long[capacity];
        debitHigh = new long[capacity];
        debitLow = new long[capacity];
        creditHigh = new long[capacity];
        creditLow = new long[capacity];
        amountHigh = new long[capacity];
        amountLow = new long[capacity];
        pendingHigh = new long[capacity];
        pendingLow = new long[capacity];
        userData128High = new long[capacity];
        userData128Low = new long[capacity];
        userData64 = new long[capacity];
        userData32 = new int[capacity];
        timeoutSeconds = new long[capacity];
        ledger = new long[capacity];
        code = new int[capacity];
        flags = new int[capacity];
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

    /** Appends a transfer with every field zero; returns its index. */
    public int add() {
        if (isFull()) {
            throw new IllegalStateException("transfer batch is full");
        }
        int i = size++;
        idHigh[i] = 0;
        idLow[i] = 0;
        debitHigh[i] = 0;
        debitLow[i] = 0;
        creditHigh[i] = 0;
        creditLow[i] = 0;
        amountHigh[i] = 0;
        amountLow[i] = 0;
        pendingHigh[i] = 0;
        pendingLow[i] = 0;
        userData128High[i] = 0;
        userData128Low[i] = 0;
        userData64[i] = 0;
        userData32[i] = 0;
        timeoutSeconds[i] = 0;
        ledger[i] = 0;
        code[i] = 0;
        flags[i] = 0;
        metadata[i] = null;
        return i;
    }

    public int add(NewTransfer t) {
        int i = add();
        setId(i, t.id().high(), t.id().low());
        setDebitAccountId(i, t.debitAccountId().high(), t.debitAccountId().low());
        setCreditAccountId(i, t.creditAccountId().high(), t.creditAccountId().low());
        setAmount(i, t.amount().high(), t.amount().low());
        setPendingId(i, t.pendingId().high(), t.pendingId().low());
        setUserData(i, t.userData128().high(), t.userData128().low(), t.userData64(), t.userData32());
        setTimeoutSeconds(i, t.timeoutSeconds());
        setLedger(i, t.ledger());
        setCode(i, t.code());
        setFlags(i, t.flags());
        setMetadata(i, t.metadata());
        return i;
    }

    public void setId(int i, long high, long low) {
        idHigh[i] = high;
        idLow[i] = low;
    }

    public void setDebitAccountId(int i, long high, long low) {
        debitHigh[i] = high;
        debitLow[i] = low;
    }

    public void setCreditAccountId(int i, long high, long low) {
        creditHigh[i] = high;
        creditLow[i] = low;
    }

    public void setAmount(int i, long high, long low) {
        amountHigh[i] = high;
        amountLow[i] = low;
    }

    public void setPendingId(int i, long high, long low) {
        pendingHigh[i] = high;
        pendingLow[i] = low;
    }

    public void setUserData(int i, long data128High, long data128Low, long data64, int data32) {
        userData128High[i] = data128High;
        userData128Low[i] = data128Low;
        userData64[i] = data64;
        userData32[i] = data32;
    }

    public void setTimeoutSeconds(int i, long seconds) {
        if (seconds < 0 || seconds > LedgerLimits.TIMEOUT_SECONDS_MAX) {
            throw new IllegalArgumentException("timeout must be 0.." + LedgerLimits.TIMEOUT_SECONDS_MAX + " seconds");
        }
        timeoutSeconds[i] = seconds;
    }

    public void setLedger(int i, long value) {
        ledger[i] = value;
    }

    public void setCode(int i, int value) {
        if (value < 0 || value > LedgerLimits.CODE_MAX) {
            throw new IllegalArgumentException("code must be 0.." + LedgerLimits.CODE_MAX);
        }
        code[i] = value;
    }

    public void setFlags(int i, int value) {
        flags[i] = value;
    }

    public void setMetadata(int i, byte[] bytes) {
        if (bytes != null && bytes.length > LedgerLimits.METADATA_BYTES_MAX) {
            throw new IllegalArgumentException("metadata must be at most " + LedgerLimits.METADATA_BYTES_MAX + " bytes");
        }
        metadata[i] = bytes;
    }

    // Reads of one field, without allocation (for encoders on the hot path; get(i) builds a value).

    public long idHigh(int i) {
        return idHigh[i];
    }

    public long idLow(int i) {
        return idLow[i];
    }

    public long debitAccountIdHigh(int i) {
        return debitHigh[i];
    }

    public long debitAccountIdLow(int i) {
        return debitLow[i];
    }

    public long creditAccountIdHigh(int i) {
        return creditHigh[i];
    }

    public long creditAccountIdLow(int i) {
        return creditLow[i];
    }

    public long amountHigh(int i) {
        return amountHigh[i];
    }

    public long amountLow(int i) {
        return amountLow[i];
    }

    public long pendingIdHigh(int i) {
        return pendingHigh[i];
    }

    public long pendingIdLow(int i) {
        return pendingLow[i];
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

    public long timeoutSeconds(int i) {
        return timeoutSeconds[i];
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

    /** The transfer's metadata (null: none), not copied: do not change it. */
    public byte[] metadata(int i) {
        return metadata[i];
    }

    /** The transfer at {@code i} as a value. */
    public NewTransfer get(int i) {
        return NewTransfer.builder(new UInt128(idHigh[i], idLow[i])).debit(new UInt128(debitHigh[i], debitLow[i]))
                .credit(new UInt128(creditHigh[i], creditLow[i])).amount(new UInt128(amountHigh[i], amountLow[i]))
                .pendingId(new UInt128(pendingHigh[i], pendingLow[i]))
                .userData(new UInt128(userData128High[i], userData128Low[i]), userData64[i], userData32[i])
                .timeoutSeconds(timeoutSeconds[i]).ledger(ledger[i]).code(code[i]).flags(flags[i])
                .metadata(metadata[i]).build();
    }
}
