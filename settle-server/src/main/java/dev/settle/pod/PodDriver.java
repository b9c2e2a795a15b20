package dev.settle.pod;

import java.util.concurrent.CompletableFuture;

/**
 * What orders a pod's commands into batches and drives its state machine: the local single
 * writer ({@link PodWriter}), or a replicated proposer ({@link ReplicatedDriver}) whose batches a
 * Raft log orders. Both take their submissions from the pod's {@link SubmissionQueue}, which the
 * {@link Pod} fills; it is the same to its callers whichever drives it.
 */
interface PodDriver {
    void start();

    /** See {@link Pod#queueDelayNanos}. */
    long queueDelayNanos();

    boolean isAvailable();

    /** Why the driver stopped, or null. */
    Throwable failure();

    /** Stops taking submissions because of {@code cause} (the store cannot be read). */
    void failWith(Throwable cause);

    /** True while a thread of the driver may still touch the state machine. */
    boolean isRunning();

    /** Fault injection: {@code hook} runs before every write of a batch (null: none). */
    void injectBeforeCommit(CommitHook hook);

    /** Sets what runs after each durable batch; it must be quick. */
    void onDurable(Runnable listener);

    /**
     * Completes once a read of this node's state sees every write acknowledged before the call
     * (at once for the local writer: every acknowledged write is applied here).
     */
    default CompletableFuture<Void> readFence() {
        return CompletableFuture.completedFuture(null);
    }

    /** Stops taking submissions, finishes what was queued, and stops the threads. */
    void close() throws InterruptedException;
}
