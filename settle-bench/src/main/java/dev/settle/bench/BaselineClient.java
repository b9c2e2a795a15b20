package dev.settle.bench;

import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongConsumer;

/**
 * One baseline client thread: waits for the start signal, then runs its share of its own
 * workload stream against its own connection, one transaction per operation, timing each.
 * Its latency recorder and failure are read by the starting thread after {@link Thread#join}.
 */
final class BaselineClient implements Runnable {
    /** Transfers between progress reports: often enough for a live bar, rare enough to cost nothing. */
    static final int PROGRESS_INTERVAL_TRANSFERS = 256;
    /** Bits of a transfer id that hold the client's sequence; the client number sits above them. */
    static final int SEQUENCE_BITS = 40;
    static final long SEQUENCES_PER_CLIENT_MAX = 1L << SEQUENCE_BITS;

    static {
        // The largest id (last client, last sequence) must stay positive, above NO_PENDING_ID.
        long largestId = transferId(PostgresBaselineConfig.CLIENTS_MAX - 1, SEQUENCES_PER_CLIENT_MAX - 1);
        if (largestId <= BaselineLedger.NO_PENDING_ID) {
            throw new AssertionError("transfer ids overflow with " + PostgresBaselineConfig.CLIENTS_MAX + " clients");
        }
    }

    private final int client;
    private final long share;
    private final BaselineLedger ledger;
    private final TransferWorkload workload;
    private final CountDownLatch start;
    private final LongConsumer progress;
    private final NextOperation operation = new NextOperation();
    private final LatencyRecorder latencies = new LatencyRecorder();
    private long completed;
    private Throwable failure;

    BaselineClient(int client, long share, WorkloadSpec spec, BaselineLedger ledger, CountDownLatch start,
            LongConsumer progress) {
        if (share > SEQUENCES_PER_CLIENT_MAX) {
            throw new IllegalArgumentException("a baseline client runs at most " + SEQUENCES_PER_CLIENT_MAX
                    + " transfers, got " + share);
        }
        this.client = client;
        this.share = share;
        this.ledger = ledger;
        this.workload = new TransferWorkload(spec, client);
        this.start = start;
        this.progress = progress;
    }

    /** Unique across clients, never {@link BaselineLedger#NO_PENDING_ID}: client + 1 above the sequence bits. */
    static long transferId(int client, long sequence) {
        return ((long) (client + 1) << SEQUENCE_BITS) | sequence;
    }

    @Override
    public void run() {
        long unreported = 0;
        try {
            start.await();
            while (completed < share) {
                operation.takeFrom(workload);
                long startedNanos = System.nanoTime();
                execute(operation);
                latencies.record(System.nanoTime() - startedNanos);
                completed++;
                if (++unreported == PROGRESS_INTERVAL_TRANSFERS) {
                    progress.accept(unreported);
                    unreported = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (SQLException | RuntimeException e) {
            failure = e;
        } finally {
            if (unreported > 0) {
                progress.accept(unreported);
            }
        }
    }

    private void execute(NextOperation op) throws SQLException {
        long id = transferId(client, op.sequence);
        switch (op.kind) {
            case POSTED -> ledger.posted(id, op.debitAccount, op.creditAccount, op.amount);
            case PENDING -> ledger.pending(id, op.debitAccount, op.creditAccount, op.amount);
            case POST_PENDING -> {
                // The amount comes back from the database; it must be the one the workload reserved.
                long posted = ledger.postPending(id, transferId(client, op.pendingSequence));
                if (posted != op.amount) {
                    throw new IllegalStateException("post " + id + " moved " + posted + ", the workload reserved "
                            + op.amount);
                }
            }
        }
    }

    int client() {
        return client;
    }

    /** Transactions committed; equals the share unless the client failed. */
    long completed() {
        return completed;
    }

    LatencyRecorder latencies() {
        return latencies;
    }

    /** Why the client stopped early, or null when it ran its whole share. */
    Throwable failure() {
        return failure;
    }
}
