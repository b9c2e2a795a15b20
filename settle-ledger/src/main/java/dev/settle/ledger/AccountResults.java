package dev.settle.ledger;

/** The per-account outcome of an {@link AccountBatch}, in request order. */
public final class AccountResults {
    private final int[] result;
    private final long[] timestamp;
    private int size;

    public AccountResults(int capacity) {
        result = new int[capacity];
        timestamp = new long[capacity];
    }

    public int size() {
        return size;
    }

    void reset(int newSize) {
        Invariants.check(newSize <= result.length, "results fit their batch");
        size = newSize;
    }

    void set(int i, CreateAccountResult value, long at) {
        result[i] = value.ordinal();
        timestamp[i] = at;
    }

    public CreateAccountResult result(int i) {
        return CreateAccountResult.ofOrdinal(result[i]);
    }

    public long timestamp(int i) {
        return timestamp[i];
    }
}
