package dev.settle.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongConsumer;

/**
 * The comparison baseline of {@code settle bench}: the same workload as Settle's, run against a
 * textbook PostgreSQL ledger (row locks, one transaction per transfer, see {@link BaselineLedger})
 * by several client threads with a connection each.
 *
 * <p>A run drops and recreates its schema, creates the accounts (not timed), runs the clients
 * (timed), then checks the ledger's invariants (not timed) and fails if they are broken.
 */
public final class PostgresBaseline {
    private PostgresBaseline() {}

    /**
     * Runs {@code spec} against the database of {@code config}.
     *
     * @param progress receives the number of transfers committed since its last call, every
     *     {@value BaselineClient#PROGRESS_INTERVAL_TRANSFERS} transfers per client and once at each
     *     client's end; it is called from the client threads concurrently, so it must be thread-safe
     * @throws BaselineUnavailableException when PostgreSQL cannot be reached or refuses the login
     * @throws IllegalStateException when a transaction fails or the ledger's invariants are broken
     *     after the run
     */
    public static BaselineResult run(PostgresBaselineConfig config, WorkloadSpec spec, LongConsumer progress) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(progress, "progress");
        BaselineConnector connector = new BaselineConnector(config);
        try (Connection admin = connector.open()) {
            BaselineSchema.recreate(admin, config.schema(), spec.accounts());
            try (BaselineLedgers ledgers = BaselineLedgers.open(connector, config.clients())) {
                CountDownLatch start = new CountDownLatch(1);
                BaselineClient[] clients = new BaselineClient[config.clients()];
                for (int c = 0; c < clients.length; c++) {
                    clients[c] = new BaselineClient(c, share(spec.transfers(), clients.length, c), spec,
                            ledgers.get(c), start, progress);
                }
                return timed(clients, start, admin);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL baseline at " + config.safeJdbcUrl() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Client {@code client}'s part of {@code total}: an even split, the first clients taking the remainder. */
    static long share(long total, int clients, int client) {
        return total / clients + (client < total % clients ? 1 : 0);
    }

    private static BaselineResult timed(BaselineClient[] clients, CountDownLatch start, Connection admin)
            throws SQLException {
        Thread[] threads = new Thread[clients.length];
        for (int c = 0; c < clients.length; c++) {
            threads[c] = new Thread(clients[c], "postgres-baseline-client-" + c);
            // A client stuck in the driver must not keep the JVM alive after the caller gave up.
            threads[c].setDaemon(true);
            threads[c].start();
        }
        long startedNanos = System.nanoTime();
        start.countDown();
        joinAll(threads);
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        LatencyRecorder latencies = new LatencyRecorder();
        long transfers = 0;
        for (BaselineClient client : clients) {
            if (client.failure() != null) {
                throw new IllegalStateException("PostgreSQL baseline client " + client.client() + " failed after "
                        + client.completed() + " transfers: " + client.failure().getMessage(), client.failure());
            }
            latencies.merge(client.latencies());
            transfers += client.completed();
        }
        BaselineTotals.read(admin).check(transfers);
        return new BaselineResult(transfers, seconds, transfers / seconds, latencies.percentileMicros(50),
                latencies.percentileMicros(99), latencies.percentileMicros(99.9), clients.length);
    }

    private static void joinAll(Thread[] threads) {
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            // Closing the connections (the caller's try-with-resources) makes the clients' statements fail, so they end.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("PostgreSQL baseline interrupted", e);
        }
    }
}
