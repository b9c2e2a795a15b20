package dev.settle.pod;

import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.CreateTransactionResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.TransactionOutcome;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a pod, readable from any thread (served at /metrics). Outcome counts are written
 * by the pod's committer thread alone, so they are bumped without a read-modify-write loop.
 */
public final class PodStats {
    private final AtomicLongArray transfersByResult = new AtomicLongArray(CreateTransferResult.values().length);
    private final AtomicLongArray accountsByResult = new AtomicLongArray(CreateAccountResult.values().length);
    private final AtomicLongArray transactionsByResult =
            new AtomicLongArray(CreateTransactionResult.values().length);
    private volatile BatchObserver observer = BatchObserver.NONE;
    private final LongAdder batches = new LongAdder();
    private final LongAdder submissions = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LongAdder rejectedOverloaded = new LongAdder();

    void recordCommit(int submissionCount, int bytes, long nanos) {
        batches.increment();
        submissions.add(submissionCount);
        bytesWritten.add(bytes);
        commitNanos.add(nanos);
        observer.committed(nanos, bytes);
    }

    void recordEvents(int count) {
        events.add(count);
        observer.applied(count);
    }

    /** Counts a durable command's outcome by result code (barriers and ledger changes have none). Committer thread only. */
    void recordOutcome(Object outcome) {
        switch (outcome) {
            case TransferOutcomes transfers -> {
                for (int i = 0; i < transfers.results().size(); i++) {
                    bump(transfersByResult, transfers.results().result(i).ordinal());
                }
            }
            case AccountOutcomes accounts -> {
                for (int i = 0; i < accounts.results().size(); i++) {
                    bump(accountsByResult, accounts.results().result(i).ordinal());
                }
            }
            case TransactionOutcome transaction -> bump(transactionsByResult, transaction.result().ordinal());
            case null, default -> {
                // Nothing to count.
            }
        }
    }

    private static void bump(AtomicLongArray counts, int index) {
        counts.setRelease(index, counts.getPlain(index) + 1);
    }

    /** Sees each batch from now on (replaces the previous observer). */
    public void observe(BatchObserver batchObserver) {
        this.observer = batchObserver;
    }

    /** Transfers durably answered with {@code result} (including {@code ok} and {@code exists}). */
    public long transfers(CreateTransferResult result) {
        return transfersByResult.get(result.ordinal());
    }

    public long accounts(CreateAccountResult result) {
        return accountsByResult.get(result.ordinal());
    }

    public long transactions(CreateTransactionResult result) {
        return transactionsByResult.get(result.ordinal());
    }

    void recordRejected() {
        rejectedOverloaded.increment();
    }

    public long batches() {
        return batches.sum();
    }

    public long submissions() {
        return submissions.sum();
    }

    public long events() {
        return events.sum();
    }

    public long bytesWritten() {
        return bytesWritten.sum();
    }

    /** Total time spent in synced writes (WAL append, fsync, memtable insert). */
    public long commitNanos() {
        return commitNanos.sum();
    }

    public long rejectedOverloaded() {
        return rejectedOverloaded.sum();
    }
}
