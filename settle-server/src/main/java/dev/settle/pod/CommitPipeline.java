package dev.settle.pod;

import dev.settle.store.LedgerStore;
import java.util.List;

/**
 * The committer: a thread that writes one batch at a time with sync=true and then completes its
 * futures, while the writer thread prepares the next batch. The hand-over holds one batch: the
 * writer waits for batch N to be durable before it hands over N+1, so at most one batch is being
 * written and one being prepared.
 *
 * <p>After a failed write, every later hand-over fails: the engine's memory is then ahead of the
 * disk, and only a restart (recovery from the store) may continue.
 */
final class CommitPipeline {
    /**
     * One batch to write.
     *
     * @param submissions the batch's entries' submissions, in the batch's order
     * @param afterWrite runs once the batch is durable, before any caller hears back (read models)
     * @param oldestEnqueuedNanos when its oldest submission was enqueued, for {@link Pod#queueDelayNanos}
     */
    record Job(AppliedBatch applied, List<Submission<?>> submissions, Runnable afterWrite, long oldestEnqueuedNanos) {}

    private final LedgerStore store;
    private final PodStats stats;
    private final Thread thread;
    private Job handedOver;
    private boolean writing;
    private boolean stopping;
    private long durableSequence;
    /** Written under the monitor; volatile so that probes read it without taking the monitor. */
    private volatile RuntimeException failure;
    private volatile CommitHook hook;
    private volatile long committingSinceNanos = PodWriter.NOT_WAITING;

    CommitPipeline(LedgerStore store, PodStats stats, String name, long durableSequence) {
        this.store = store;
        this.stats = stats;
        this.durableSequence = durableSequence;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Hands over a batch once the previous one is durable; returns the sequence of the newest
     * durable batch. Throws the write failure if an earlier batch failed.
     */
    synchronized long handOver(Job job) throws InterruptedException {
        while ((handedOver != null || writing) && failure == null) {
            wait();
        }
        if (failure != null) {
            throw failure;
        }
        handedOver = job;
        notifyAll();
        return durableSequence;
    }

    /** Waits until everything handed over is durable (or failed), then stops the thread. */
    void stop() throws InterruptedException {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
        thread.join();
    }

    /** The failed write that stopped the pipeline, or null. */
    RuntimeException failure() {
        return failure;
    }

    private void run() {
        while (true) {
            Job job;
            synchronized (this) {
                while (handedOver == null && !stopping) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (handedOver == null) {
                    return;
                }
                job = handedOver;
                handedOver = null;
                writing = true;
                committingSinceNanos = job.oldestEnqueuedNanos();
            }
            write(job);
        }
    }

    /** When the oldest submission of the batch being written was enqueued, or {@link Pod#NOT_WAITING}. */
    long committingSinceNanos() {
        return committingSinceNanos;
    }

    /** See {@link Pod#injectBeforeCommit}. */
    void injectBeforeCommit(CommitHook newHook) {
        hook = newHook;
    }

    private void write(Job job) {
        RuntimeException failed = null;
        long started = System.nanoTime();
        long written = 0;
        try {
            CommitHook injected = hook;
            if (injected != null) {
                injected.beforeCommit();
            }
            store.write(job.applied().writeSet());
            job.afterWrite().run();
            written = System.nanoTime();
            stats.recordCommit(job.submissions().size(), job.applied().writeSet().length, written - started);
        } catch (RuntimeException e) {
            failed = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = new IllegalStateException("interrupted before writing", e);
        }
        Object[] outcomes = job.applied().outcomes();
        for (int i = 0; i < outcomes.length; i++) {
            Submission<?> submission = job.submissions().get(i);
            if (outcomes[i] instanceof LedgerMovedException) {
                continue; // refused unapplied: the writer has failed it already
            }
            if (failed == null) {
                stats.recordOutcome(outcomes[i]);
                if (submission.trace != null) {
                    // System.nanoTime, the clock of RequestTrace; set before completing, since the
                    // request thread reads it once its future completes.
                    submission.trace.committed(started, written);
                }
                submission.complete(outcomes[i]);
            } else {
                submission.fail(new PodUnavailableException("the batch was not written: " + failed.getMessage(), failed));
            }
        }
        synchronized (this) {
            writing = false;
            committingSinceNanos = PodWriter.NOT_WAITING;
            if (failed == null) {
                durableSequence = job.applied().sequence();
            } else {
                failure = failed;
            }
            notifyAll();
        }
    }
}
