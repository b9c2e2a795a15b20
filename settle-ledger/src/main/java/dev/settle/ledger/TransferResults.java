package dev.settle.ledger;

/**
 * The per-transfer outcome of a {@link TransferBatch}, in request order: the result, the
 * timestamp (of the created transfer, of the original one for EXISTS, or of the attempt), and the
 * amount actually moved (which differs from the request for balancing transfers and for posts
 * that take the full pending amount).
 */
public final class TransferResults {
    private final int[] result;
    private final long[] timestamp;
    private final long[] amountHigh;
    private final long[] amountLow;
    private int size;

    public TransferResults(int capacity) {
        result = new int[capacity];
        timestamp = new long[capacity];
        amountHigh = new long[capacity];
        amountLow = new long[capacity];
    }

    public int size() {
        return size;
    }

    void reset(int newSize) {
        Invariants.check(newSize <= result.length, "results fit their batch");
        size = newSize;
    }

    void set(int i, CreateTransferResult value, long at) {
        result[i] = value.ordinal();
        timestamp[i] = at;
    }

    void setAmount(int i, long high, long low) {
        amountHigh[i] = high;
        amountLow[i] = low;
    }

    public CreateTransferResult result(int i) {
        return CreateTransferResult.ofOrdinal(result[i]);
    }

    public long timestamp(int i) {
        return timestamp[i];
    }

    public UInt128 amount(int i) {
        return new UInt128(amountHigh[i], amountLow[i]);
    }
}
