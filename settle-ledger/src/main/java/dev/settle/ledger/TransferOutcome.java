package dev.settle.ledger;

/**
 * Scratch for the details of one transfer's outcome besides its result code: the timestamp to
 * report (the original's for EXISTS) and the amount actually moved. One instance per engine,
 * overwritten for every transfer, so the hot path allocates nothing.
 */
final class TransferOutcome {
    long timestamp;
    long amountHigh;
    long amountLow;

    void set(long at, long high, long low) {
        timestamp = at;
        amountHigh = high;
        amountLow = low;
    }
}
