package dev.settle.bench;

/**
 * What one Settle run measured.
 *
 * @param commitLatencyMicrosP50 submission to acknowledgement (durable), per submission
 * @param podBatchEventsAverage events per group commit (one fsync each)
 * @param recoveryMillis time to reopen the data directory and load the ledger after the run, until
 *     it takes commands
 * @param transferIdsLoadMillis time to read the stored transfer ids after that, in the background
 *     (until then new ids cost a store read each)
 */
public record SettleBenchResult(
        long transfers,
        long failures,
        double seconds,
        double transfersPerSecond,
        int batchSize,
        double podBatchEventsAverage,
        long podBatches,
        double commitLatencyMicrosP50,
        double commitLatencyMicrosP99,
        double commitLatencyMicrosP999,
        long recoveryMillis,
        long transferIdsLoadMillis,
        long transferIds,
        long recoveredAccounts,
        long recoveredOpenPendings) {}
