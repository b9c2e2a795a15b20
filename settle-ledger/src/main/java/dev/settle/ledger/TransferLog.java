package dev.settle.ledger;

import java.util.Arrays;

/**
 * The transfers created in one batch, in creation order, as parallel primitive arrays.
 *
 * <p>It is both the batch's output (the store encodes it) and, until the batch is durable, the
 * place where the engine finds transfers that the store does not have yet. A linked chain that
 * rolls back truncates it. The engine writes the package-private arrays directly.
 */
final class TransferLog implements BatchChanges.Transfers {
    private static final int CAPACITY_INITIAL = 256;

    long[] idHigh = new long[CAPACITY_INITIAL];
    long[] idLow = new long[CAPACITY_INITIAL];
    long[] debitHigh = new long[CAPACITY_INITIAL];
    long[] debitLow = new long[CAPACITY_INITIAL];
    long[] creditHigh = new long[CAPACITY_INITIAL];
    long[] creditLow = new long[CAPACITY_INITIAL];
    long[] amountHigh = new long[CAPACITY_INITIAL];
    long[] amountLow = new long[CAPACITY_INITIAL];
    long[] pendingHigh = new long[CAPACITY_INITIAL];
    long[] pendingLow = new long[CAPACITY_INITIAL];
    long[] userData128High = new long[CAPACITY_INITIAL];
    long[] userData128Low = new long[CAPACITY_INITIAL];
    long[] userData64 = new long[CAPACITY_INITIAL];
    int[] userData32 = new int[CAPACITY_INITIAL];
    long[] timeoutSeconds = new long[CAPACITY_INITIAL];
    long[] ledger = new long[CAPACITY_INITIAL];
    int[] code = new int[CAPACITY_INITIAL];
    int[] flags = new int[CAPACITY_INITIAL];
    long[] timestamp = new long[CAPACITY_INITIAL];
    long[] previousDebit = new long[CAPACITY_INITIAL];
    long[] previousCredit = new long[CAPACITY_INITIAL];
    byte[][] metadata = new byte[CAPACITY_INITIAL][];
    private int size;

    public int size() {
        return size;
    }

    /** Appends an entry whose fields the caller then writes; returns its index. */
    int add() {
        if (size == idHigh.length) {
            grow();
        }
        return size++;
    }

    void truncate(int newSize) {
        Invariants.check(newSize >= 0 && newSize <= size, "truncate within the log");
        for (int i = newSize; i < size; i++) {
            metadata[i] = null;
        }
        size = newSize;
    }

    void clear() {
        truncate(0);
    }

    public long idHigh(int i) {
        return idHigh[i];
    }

    public long idLow(int i) {
        return idLow[i];
    }

    public long debitHigh(int i) {
        return debitHigh[i];
    }

    public long debitLow(int i) {
        return debitLow[i];
    }

    public long creditHigh(int i) {
        return creditHigh[i];
    }

    public long creditLow(int i) {
        return creditLow[i];
    }

    public long amountHigh(int i) {
        return amountHigh[i];
    }

    public long amountLow(int i) {
        return amountLow[i];
    }

    public long pendingHigh(int i) {
        return pendingHigh[i];
    }

    public long pendingLow(int i) {
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

    public long timestamp(int i) {
        return timestamp[i];
    }

    /** The timestamp of the debit account's transfer before this one (0: none). */
    public long previousDebitTimestamp(int i) {
        return previousDebit[i];
    }

    /** The timestamp of the credit account's transfer before this one (0: none). */
    public long previousCreditTimestamp(int i) {
        return previousCredit[i];
    }

    public byte[] metadata(int i) {
        return metadata[i];
    }

    public long expiresAt(int i) {
        return timeoutSeconds[i] == 0 ? 0 : timestamp[i] + timeoutSeconds[i] * LedgerLimits.NANOS_PER_SECOND;
    }

    /** The entry as a value, with the given status. */
    public TransferRecord record(int i, TransferStatus status) {
        return new TransferRecord(new UInt128(idHigh[i], idLow[i]), new UInt128(debitHigh[i], debitLow[i]),
                new UInt128(creditHigh[i], creditLow[i]), new UInt128(amountHigh[i], amountLow[i]),
                new UInt128(pendingHigh[i], pendingLow[i]), new UInt128(userData128High[i], userData128Low[i]),
                userData64[i], userData32[i], timeoutSeconds[i], ledger[i], code[i], flags[i], timestamp[i], status,
                previousDebit[i], previousCredit[i], metadata[i]);
    }

    private void grow() {
        int capacity = idHigh.length * 2;
        idHigh = Arrays.copyOf(idHigh, capacity);
        idLow = Arrays.copyOf(idLow, capacity);
        debitHigh = Arrays.copyOf(debitHigh, capacity);
        debitLow = Arrays.copyOf(debitLow, capacity);
        creditHigh = Arrays.copyOf(creditHigh, capacity);
        creditLow = Arrays.copyOf(creditLow, capacity);
        amountHigh = Arrays.copyOf(amountHigh, capacity);
        amountLow = Arrays.copyOf(amountLow, capacity);
        pendingHigh = Arrays.copyOf(pendingHigh, capacity);
        pendingLow = Arrays.copyOf(pendingLow, capacity);
        userData128High = Arrays.copyOf(userData128High, capacity);
        userData128Low = Arrays.copyOf(userData128Low, capacity);
        userData64 = Arrays.copyOf(userData64, capacity);
        userData32 = Arrays.copyOf(userData32, capacity);
        timeoutSeconds = Arrays.copyOf(timeoutSeconds, capacity);
        ledger = Arrays.copyOf(ledger, capacity);
        code = Arrays.copyOf(code, capacity);
        flags = Arrays.copyOf(flags, capacity);
        timestamp = Arrays.copyOf(timestamp, capacity);
        previousDebit = Arrays.copyOf(previousDebit, capacity);
        previousCredit = Arrays.copyOf(previousCredit, capacity);
        metadata = Arrays.copyOf(metadata, capacity);
    }
}
