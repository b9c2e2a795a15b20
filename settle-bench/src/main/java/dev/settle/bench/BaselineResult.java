package dev.settle.bench;

/**
 * What one PostgreSQL baseline run measured. The ledger's invariants were checked after the
 * timed phase; a result is only returned when they held.
 *
 * @param transfers transactions committed (a pending transfer and its post count as two)
 * @param seconds wall time of the timed phase, from releasing the clients to the last commit
 * @param latencyMicrosP50 one transaction, from its first statement until COMMIT returned
 * @param clients concurrent connections
 */
public record BaselineResult(
        long transfers,
        double seconds,
        double transfersPerSecond,
        double latencyMicrosP50,
        double latencyMicrosP99,
        double latencyMicrosP999,
        int clients) {}
