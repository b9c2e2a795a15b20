package dev.settle.bench;

/**
 * The synthetic workload that `settle bench` runs, the same against Settle and against the
 * PostgreSQL baseline.
 *
 * @param accounts number of accounts; account 0 is the hot account
 * @param hotPercent share of transfers (0-100) that have the hot account on one side
 * @param transfers total transfer operations to run (a pending transfer and its post count as two)
 * @param batchSize transfers per submission (Settle) or per client round (PostgreSQL keeps one
 *     transaction per transfer regardless)
 * @param pendingPercent share (0-100) of single transfers that are made two-phase: created
 *     pending, then posted by a later operation of the same client
 * @param seed seed of the deterministic generator
 */
public record WorkloadSpec(int accounts, int hotPercent, long transfers, int batchSize, int pendingPercent, long seed) {
    public static final int ACCOUNTS_MIN = 2;
    public static final int ACCOUNTS_MAX = 10_000_000;
    public static final int BATCH_SIZE_MAX = 8190;

    public WorkloadSpec {
        if (accounts < ACCOUNTS_MIN || accounts > ACCOUNTS_MAX) {
            throw new IllegalArgumentException("accounts must be " + ACCOUNTS_MIN + ".." + ACCOUNTS_MAX + ", got " + accounts);
        }
        if (hotPercent < 0 || hotPercent > 100) {
            throw new IllegalArgumentException("hot share must be 0..100 %, got " + hotPercent);
        }
        if (transfers < 1) {
            throw new IllegalArgumentException("transfers must be at least 1, got " + transfers);
        }
        if (batchSize < 1 || batchSize > BATCH_SIZE_MAX) {
            throw new IllegalArgumentException("batch size must be 1.." + BATCH_SIZE_MAX + ", got " + batchSize);
        }
        if (pendingPercent < 0 || pendingPercent > 100) {
            throw new IllegalArgumentException("pending share must be 0..100 %, got " + pendingPercent);
        }
    }
}
