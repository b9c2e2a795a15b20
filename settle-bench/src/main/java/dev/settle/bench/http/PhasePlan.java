package dev.settle.bench.http;

/**
 * One timed phase of the bench, as the config sets it.
 *
 * @param name names the phase in progress lines and thread names
 * @param transfersPerRequest 1 for single transfers, the batch size for batches
 * @param eventLoops threads that drive the connections; more than the connections are not started
 * @param idVersion the kind of UUID each transfer gets as its id
 */
record PhasePlan(String name, TransferEndpoint endpoint, int connections, int transfersPerRequest,
        int warmupSeconds, int durationSeconds, int eventLoops, UuidVersion idVersion) {
    PhasePlan {
        if (connections < 1 || eventLoops < 1 || idVersion == null) {
            throw new IllegalArgumentException("a phase needs a connection, an event loop and a UUID version, got "
                    + connections + ", " + eventLoops + ", " + idVersion);
        }
    }

    /** The event loops actually started: each one drives one connection at least. */
    int eventLoopsStarted() {
        return Math.min(eventLoops, connections);
    }
}
