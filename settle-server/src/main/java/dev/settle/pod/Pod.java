package dev.settle.pod;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountResults;
import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.TransactionOutcome;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferResults;
import dev.settle.store.BatchEncoder;
import dev.settle.store.LedgerStore;
import dev.settle.store.StorePrefetch;
import dev.settle.store.StoreRecovery;
import dev.settle.store.WriteBatchRep;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import dev.settle.ledger.TransferIdRestore;

/**
 * A single-writer ledger with group commit (see the package documentation).
 *
 * <p>Futures complete on the committer thread once their batch is durable; callers that chain
 * work onto them should use the {@code *Async} methods so the committer is never held up.
 */
public final class Pod implements AutoCloseable {
    /** The writer wakes at least this often when idle (to expire pending transfers on time). */
    private static final long IDLE_WAIT_MILLIS_MAX = 1_000;
    private static final int QUEUE_SUBMISSIONS_MAX = 65_536;

    private final String name;
    private final int ledger;
    private final PodConfig config;
    private final LedgerClock clock;
    private final LedgerEngine engine;
    private final StorePrefetch prefetch;
    private final BatchEncoder encoder;
    private final WriteBatchRep rep = new WriteBatchRep();
    private final CommitPipeline pipeline;
    private final BlockingQueue<Submission<?>> queue = new ArrayBlockingQueue<>(QUEUE_SUBMISSIONS_MAX);
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final PodStats stats = new PodStats();
    private final Thread writer;
    private final Thread idLoader;
    private final TransferIdRestore idRestore;
    private final AtomicReference<TransferIdRestore> restoredIds = new AtomicReference<>();
    private volatile long restoredIdCount = -1;
    private final StoreRecovery.Loaded recovery;
    private volatile boolean accepting = true;
    private volatile Throwable failure;
    private final Submission<?> stop = new Submission.Barrier();

    private Pod(String name, LedgerStore store, int ledger, PodConfig config, LedgerClock clock) {
        this.name = name;
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
        this.recovery = StoreRecovery.recover(store, ledger);
        this.engine = recovery.engine();
        this.prefetch = new StorePrefetch(store, ledger);
        this.encoder = new BatchEncoder(store.columnFamilyIds(), store.options().checkpointBatches());
        this.encoder.restoreJournal(ledger, recovery.checkpointSequence(), recovery.changedSinceCheckpoint());
        this.pipeline = new CommitPipeline(store, stats, name + "-committer", engine.batchSequence());
        this.writer = new Thread(this::runWriter, name + "-writer");
        this.writer.setDaemon(true);
        this.idRestore = engine.beginTransferIdRestore(StoreRecovery.estimatedTransferIds(store));
        this.idLoader = new Thread(() -> loadTransferIds(store), name + "-id-loader");
        this.idLoader.setDaemon(true);
    }

    /** Recovers the ledger from the store and starts the pod's threads. */
    public static Pod start(String name, LedgerStore store, int ledger, PodConfig config, LedgerClock clock) {
        Pod pod = new Pod(name, store, ledger, config, clock);
        pod.pipeline.start();
        pod.idLoader.start();
        pod.writer.start();
        return pod;
    }

    public CompletableFuture<TransferResults> submitTransfers(TransferBatch batch) {
        return enqueue(new Submission.Transfers(batch));
    }

    public CompletableFuture<AccountResults> submitAccounts(AccountBatch batch) {
        return enqueue(new Submission.Accounts(batch));
    }

    public CompletableFuture<TransactionOutcome> submitTransaction(NewTransaction transaction) {
        return enqueue(new Submission.Transaction(transaction));
    }

    /**
     * Completes once a batch that started after this call is durable: everything submitted
     * before it is then durable too, and pending transfers due by now have expired.
     */
    public CompletableFuture<Void> barrier() {
        return enqueue(new Submission.Barrier());
    }

    /** What recovery loaded at start. */
    public StoreRecovery.Loaded recovery() {
        return recovery;
    }

    public PodStats stats() {
        return stats;
    }

    /** True while the pod takes submissions; false once closed or failed. */
    public boolean isAvailable() {
        return accepting && failure == null;
    }

    /** Why the pod stopped, or null. */
    public Throwable failure() {
        return failure;
    }

    public int queuedEvents() {
        return queuedEvents.get();
    }

    private <R> CompletableFuture<R> enqueue(Submission<R> submission) {
        if (!isAvailable()) {
            submission.fail(unavailable());
            return submission.future;
        }
        int events = submission.events();
        if (queuedEvents.addAndGet(events) > config.eventsQueuedMax() || !queue.offer(submission)) {
            queuedEvents.addAndGet(-events);
            stats.recordRejected();
            submission.fail(new PodOverloadedException("pod " + name + " is at its queue limit of "
                    + config.eventsQueuedMax() + " events; retry shortly"));
        }
        return submission.future;
    }

    private PodUnavailableException unavailable() {
        Throwable cause = failure;
        return cause == null
                ? new PodUnavailableException("pod " + name + " is closed")
                : new PodUnavailableException("pod " + name + " stopped: " + cause.getMessage(), cause);
    }

    /** Stored transfer ids, read after start so that start-up does not wait for them. */
    private void loadTransferIds(LedgerStore store) {
        try {
            long count = StoreRecovery.loadTransferIds(store, ledger, idRestore, () -> accepting);
            if (count >= 0) {
                restoredIdCount = count;
                restoredIds.set(idRestore);
            }
        } catch (RuntimeException e) {
            failure = e;
            accepting = false;
        }
    }

    /** How many stored transfer ids were restored, or -1 while that is still running. */
    public long restoredTransferIds() {
        return restoredIdCount;
    }

    // ---- The writer thread ----

    private void runWriter() {
        List<Submission<?>> batch = new ArrayList<>();
        try {
            boolean stopping = false;
            while (!stopping) {
                Submission<?> first = queue.poll(idleWaitMillis(), TimeUnit.MILLISECONDS);
                batch.clear();
                if (first == stop) {
                    stopping = true;
                } else if (first != null) {
                    batch.add(first);
                    stopping = drain(batch);
                } else if (engine.nextExpiryAt() > clock.nowNanos()) {
                    continue;
                }
                if (!batch.isEmpty() || !stopping) {
                    runBatch(batch);
                }
            }
        } catch (Throwable t) {
            stopAfterFailure(t, batch);
        }
    }

    /** Adds queued submissions while they fit; returns true when it met the stop marker. */
    private boolean drain(List<Submission<?>> batch) {
        int events = batch.get(0).events();
        while (true) {
            Submission<?> next = queue.peek();
            if (next == null) {
                return false;
            }
            if (next == stop) {
                queue.poll();
                return true;
            }
            if (events + next.events() > config.eventsPerBatchMax()) {
                return false;
            }
            queue.poll();
            events += next.events();
            batch.add(next);
        }
    }

    private long idleWaitMillis() {
        long untilExpiry = engine.nextExpiryAt() - clock.nowNanos();
        if (untilExpiry <= 0) {
            return 0;
        }
        return Math.min(IDLE_WAIT_MILLIS_MAX, TimeUnit.NANOSECONDS.toMillis(untilExpiry) + 1);
    }

    private void runBatch(List<Submission<?>> batch) throws InterruptedException {
        TransferIdRestore restored = restoredIds.getAndSet(null);
        if (restored != null) {
            engine.completeTransferIdRestore(restored);
        }
        int events = 0;
        prefetch.clear();
        long collectedAt = clock.nowNanos();
        for (Submission<?> submission : batch) {
            submission.collectIds(prefetch, engine, collectedAt);
            events += submission.events();
        }
        prefetch.fetch();
        engine.beginBatch(clock.nowNanos(), prefetch);
        for (Submission<?> submission : batch) {
            submission.apply(engine);
        }
        BatchChanges changes = engine.endBatch();
        rep.reset();
        encoder.encode(ledger, changes, rep);
        queuedEvents.addAndGet(-events);
        stats.recordEvents(events);
        long durable = pipeline.handOver(new CommitPipeline.Job(changes.sequence(), rep.toBytes(), List.copyOf(batch)));
        engine.releaseThrough(durable);
    }

    private void stopAfterFailure(Throwable t, List<Submission<?>> batch) {
        failure = t;
        accepting = false;
        PodUnavailableException cause = unavailable();
        for (Submission<?> submission : batch) {
            submission.fail(cause);
        }
        failQueued(cause);
    }

    private void failQueued(PodUnavailableException cause) {
        for (Submission<?> s = queue.poll(); s != null; s = queue.poll()) {
            if (s != stop) {
                s.fail(cause);
            }
        }
    }

    /** Lookups the engine made of ids that were not prefetched (a bug if nonzero; see StorePrefetch). */
    public long unplannedReads() {
        return prefetch.unplannedReads();
    }

    /** The digest of the engine's state; only once the pod is closed (the writer owns it before). */
    public String stateDigest() {
        if (writer.isAlive()) {
            throw new IllegalStateException("close the pod before reading its state");
        }
        return dev.settle.ledger.StateDigest.of(engine);
    }

    /** Stops taking submissions, applies and commits what was queued, and stops the threads. */
    @Override
    public void close() {
        accepting = false;
        try {
            idLoader.join();
            while (!queue.offer(stop, 100, TimeUnit.MILLISECONDS)) {
                if (!writer.isAlive()) {
                    break;
                }
            }
            writer.join();
            pipeline.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued(unavailable());
    }
}
