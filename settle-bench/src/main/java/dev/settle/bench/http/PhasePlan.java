package dev.settle.bench.http;

/**
 * One timed phase of the bench, as the config sets it.
 *
 * @param name names the phase in progress lines and thread names
 * @param transfersPerRequest 1 for single transfers, the batch size for batches
 */
record PhasePlan(String name, TransferEndpoint endpoint, int connections, int transfersPerRequest,
        int warmupSeconds, int durationSeconds) {}
