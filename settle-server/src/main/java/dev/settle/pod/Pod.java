package dev.settle.pod;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountResults;
import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.StateDigest;
import dev.settle.ledger.TransactionOutcome;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferResults;
import dev.settle.store.BatchEncoder;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreRecovery;
import dev.settle.store.WriteBatchRep;
import dev.settle.store.outbox.EventTraces;
import dev.settle.store.outbox.OutboxWriter;
import dev.settle.tracing.RequestTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A single-writer group of ledgers with group commit (see the package documentation). Each
 * ledger (a tenant's) has its own engine; one pod batch may touch several of them and is still
 * written as one atomic, synced RocksDB batch.
 *
 * <p>Futures complete on the committer thread once their batch is durable; callers that chain
 * work onto them should use the {@code *Async} methods so the committer is never held up.
 */
public final class Pod implements AutoCloseable {
    /** The writer wakes at least this often when idle (to expire pending transfers on time). */
    private static final long IDLE_WAIT_MILLIS_MAX = 1_000;
    private static final int QUEUE_SUBMISSIONS_MAX = 65_536;
    /** No submission waiting (an enqueue time later than any). */
    static final long NOT_WAITING = Long.MAX_VALUE;

    private final String name;
    private final LedgerStore store;
    private final PodConfig config;
    private final LedgerClock clock;
    private final LongSupplier waitClockNanos;
    /** In ledger-number order, so a batch touches its ledgers in the same order every time. */
    private final Map<Integer, PodLedger> ledgers = new ConcurrentSkipListMap<>();
    private final BatchEncoder encoder;
    private final OutboxWriter outbox = new OutboxWriter();
    private final int eventsFamily;
    /** Runs on the committer thread after each durable batch (wakes the webhook relay); must be quick. */
    private volatile Runnable durableListener = () -> { };
    private final int idempotencyFamily;
    private final WriteBatchRep rep = new WriteBatchRep();
    private final CommitPipeline pipeline;
    private final BlockingQueue<Submission<?>> queue = new ArrayBlockingQueue<>(QUEUE_SUBMISSIONS_MAX);
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final PodStats stats = new PodStats();
    private final Thread writer;
    private final Thread idLoader;
    private final PodRecovery recovery;
    /** Pod batches written but not yet known durable, with the engine batches they hold. */
    private final Deque<long[]> awaitingDurability = new ArrayDeque<>();
    /** Ledgers a removal in the batch being built sends away (writer thread only). */
    private final java.util.Set<Integer> leaving = new java.util.HashSet<>();
    private long podSequence;
    private volatile boolean accepting = true;
    /** The oldest enqueue time of the batch the writer is handing over, or {@link #NOT_WAITING}. */
    private volatile long batchWaitingSinceNanos = NOT_WAITING;
    private volatile Throwable failure;
    private final Submission<?> stop = new Submission.Barrier();
    /** The traced submissions of the batch being built (writer thread only; usually empty). */
    private final List<RequestTrace> tracedInBatch = new ArrayList<>();
    /** The trace contexts of the ledger being applied, for its events (writer thread only). */
    private final EventTraces eventTraces = new EventTraces();

    private Pod(String name, LedgerStore store, Collection<Integer> ledgerNumbers, PodConfig config,
            LedgerClock clock, LongSupplier waitClockNanos) {
        this.name = name;
        this.waitClockNanos = waitClockNanos;
        this.store = store;
        this.config = config;
        this.clock = clock;
        long started = System.nanoTime();
        long accounts = 0;
        long pendings = 0;
        for (int number : ledgerNumbers) {
            PodLedger ledger = new PodLedger(store, number);
            ledgers.put(number, ledger);
            accounts += ledger.recovery.accounts();
            pendings += ledger.recovery.openPendingTransfers();
        }
        this.recovery = new PodRecovery(ledgers.size(), accounts, pendings, (System.nanoTime() - started) / 1_000_000);
        this.encoder = new BatchEncoder(store.columnFamilyIds(), store.options().checkpointBatches());
        this.idempotencyFamily = store.columnFamilyIds()[dev.settle.store.StoreLayout.ColumnFamily.IDEMPOTENCY.ordinal()];
        this.eventsFamily = store.columnFamilyIds()[dev.settle.store.StoreLayout.ColumnFamily.EVENTS.ordinal()];
        ledgers.values().forEach(l -> outbox.restore(l.number, l.nextEventSequence));
        ledgers.values().forEach(l -> encoder.restoreJournal(l.number, l.recovery.checkpointSequence(),
                l.recovery.changedSinceCheckpoint()));
        this.pipeline = new CommitPipeline(store, stats, name + "-committer", 0);
        this.writer = new Thread(this::runWriter, name + "-writer");
        this.writer.setDaemon(true);
        List<PodLedger> initial = List.copyOf(ledgers.values());
        this.idLoader = new Thread(() -> loadTransferIds(initial), name + "-id-loader");
        this.idLoader.setDaemon(true);
    }

    /** Recovers the ledgers from the store and starts the pod's threads. */
    public static Pod start(String name, LedgerStore store, Collection<Integer> ledgers, PodConfig config,
            LedgerClock clock) {
        return start(name, store, ledgers, config, clock, System::nanoTime);
    }

    /**
     * The same, with the monotonic clock that times how long submissions wait
     * ({@link #queueDelayNanos}); tests move it.
     */
    public static Pod start(String name, LedgerStore store, Collection<Integer> ledgers, PodConfig config,
            LedgerClock clock, LongSupplier waitClockNanos) {
        Pod pod = new Pod(name, store, ledgers, config, clock, waitClockNanos);
        pod.pipeline.start();
        pod.idLoader.start();
        pod.writer.start();
        return pod;
    }

    public CompletableFuture<TransferResults> submitTransfers(int ledger, TransferBatch batch) {
        return enqueue(new Submission.Transfers(ledger, batch, false)).thenApply(TransferOutcomes::results);
    }

    /**
     * Submits transfers; with {@code withRecords}, the outcomes carry the stored transfer of each
     * OK or EXISTS result; a non-null {@code response} is stored in the same batch.
     */
    public CompletableFuture<TransferOutcomes> submitTransfers(int ledger, TransferBatch batch, boolean withRecords,
            DurableResponse response) {
        return enqueue(withResponse(new Submission.Transfers(ledger, batch, withRecords), response));
    }

    public CompletableFuture<AccountResults> submitAccounts(int ledger, AccountBatch batch) {
        return enqueue(new Submission.Accounts(ledger, batch, false)).thenApply(AccountOutcomes::results);
    }

    public CompletableFuture<AccountOutcomes> submitAccounts(int ledger, AccountBatch batch, boolean withRecords,
            DurableResponse response) {
        return enqueue(withResponse(new Submission.Accounts(ledger, batch, withRecords), response));
    }

    public CompletableFuture<TransactionOutcome> submitTransaction(int ledger, NewTransaction transaction) {
        return submitTransaction(ledger, transaction, null);
    }

    public CompletableFuture<TransactionOutcome> submitTransaction(int ledger, NewTransaction transaction,
            DurableResponse response) {
        return enqueue(withResponse(new Submission.Transaction(ledger, transaction), response));
    }

    /** The durable accounts of a ledger, or null when the pod has no such ledger. */
    public AccountReadModel accounts(int ledger) {
        PodLedger found = ledgers.get(ledger);
        return found == null ? null : found.readModel;
    }

    private static <S extends Submission<?>> S withResponse(S submission, DurableResponse response) {
        submission.response = response;
        return submission;
    }

    /**
     * Adds a ledger: a new tenant's, or one moved in from another pod. It is recovered from the
     * store on the calling thread (no pod may write it meanwhile), so the writer only installs it;
     * commands for it may follow once this completes.
     */
    public CompletableFuture<Void> addLedger(int ledger) {
        if (ledgers.containsKey(ledger)) {
            return CompletableFuture.completedFuture(null);
        }
        PodLedger prepared = new PodLedger(store, ledger);
        StoreRecovery.loadTransferIds(store, ledger, prepared.idRestore, () -> true);
        prepared.restoredIds.set(prepared.idRestore);
        return enqueue(new Submission.AddLedger(prepared));
    }

    /**
     * Takes a ledger out of this pod (its tenant moves away). Completes once everything queued for
     * it before is applied and durable; later submissions for it fail with {@link LedgerMovedException}.
     */
    public CompletableFuture<Void> removeLedger(int ledger) {
        return enqueue(new Submission.RemoveLedger(ledger));
    }

    /** True when the ledger is installed in this pod. */
    public boolean hasLedger(int ledger) {
        return ledgers.containsKey(ledger);
    }

    public int ledgerCount() {
        return ledgers.size();
    }

    public String name() {
        return name;
    }

    /** Queued events as a percentage of the queue bound (0..100). */
    public int queuePercent() {
        return (int) Math.min(100, (long) queuedEvents.get() * 100 / config.eventsQueuedMax());
    }

    /**
     * How long the oldest submission not yet acknowledged has waited, in nanoseconds: queued,
     * in the batch waiting for the committer, or being committed (0 when there is none). A slow
     * commit shows here at once, though the queue itself drains into the next batch.
     */
    public long queueDelayNanos() {
        Submission<?> head = queue.peek();
        long oldest = Math.min(head == null ? NOT_WAITING : head.enqueuedNanos,
                Math.min(batchWaitingSinceNanos, pipeline.committingSinceNanos()));
        return oldest == NOT_WAITING ? 0 : Math.max(0, waitClockNanos.getAsLong() - oldest);
    }

    /** Fault injection: {@code hook} runs before every commit of this pod (null: none). */
    public void injectBeforeCommit(CommitHook hook) {
        pipeline.injectBeforeCommit(hook);
    }

    /**
     * Completes once a batch that started after this call is durable: everything submitted
     * before it is then durable too, and pending transfers due by now have expired.
     */
    public CompletableFuture<Void> barrier() {
        return enqueue(new Submission.Barrier());
    }

    public PodRecovery recovery() {
        return recovery;
    }

    public PodStats stats() {
        return stats;
    }

    /**
     * True while the pod takes submissions; false once closed or failed, including right after a
     * failed commit (before the writer next meets the failure).
     */
    public boolean isAvailable() {
        return accepting && failure == null && pipeline.failure() == null;
    }

    /** Why the pod stopped, or null. */
    public Throwable failure() {
        Throwable stopped = failure;
        return stopped != null ? stopped : pipeline.failure();
    }

    public int queuedEvents() {
        return queuedEvents.get();
    }

    /** Stored transfer ids restored so far, or -1 while some ledger is still loading them. */
    public long restoredTransferIds() {
        long total = 0;
        for (PodLedger ledger : ledgers.values()) {
            if (ledger.restoredIdCount < 0) {
                return -1;
            }
            total += ledger.restoredIdCount;
        }
        return total;
    }

    /** Lookups the engines made of ids that were not prefetched (a bug if nonzero; see StorePrefetch). */
    public long unplannedReads() {
        return ledgers.values().stream().mapToLong(l -> l.prefetch.unplannedReads()).sum();
    }

    /** The digest of a ledger's state; only once the pod is closed (the writer owns it before). */
    public String stateDigest(int ledger) {
        if (writer.isAlive()) {
            throw new IllegalStateException("close the pod before reading its state");
        }
        return StateDigest.of(ledgers.get(ledger).engine);
    }

    private <R> CompletableFuture<R> enqueue(Submission<R> submission) {
        if (!isAvailable()) {
            submission.fail(unavailable());
            return submission.future;
        }
        int events = submission.events();
        submission.enqueuedNanos = waitClockNanos.getAsLong();
        RequestTrace trace = RequestTrace.current();
        if (trace != null) {
            trace.enqueued();
            submission.trace = trace;
        }
        if (queuedEvents.addAndGet(events) > config.eventsQueuedMax() || !queue.offer(submission)) {
            queuedEvents.addAndGet(-events);
            stats.recordRejected();
            submission.fail(new PodOverloadedException("pod " + name + " is at its queue limit of "
                    + config.eventsQueuedMax() + " events; retry shortly"));
        }
        return submission.future;
    }

    private PodUnavailableException unavailable() {
        Throwable cause = failure();
        return cause == null
                ? new PodUnavailableException("pod " + name + " is closed")
                : new PodUnavailableException("pod " + name + " stopped: " + cause.getMessage(), cause);
    }

    /** Stored transfer ids, read after start so that start-up does not wait for them. */
    private void loadTransferIds(List<PodLedger> initial) {
        try {
            for (PodLedger ledger : initial) {
                long count = StoreRecovery.loadTransferIds(store, ledger.number, ledger.idRestore, () -> accepting);
                if (count < 0) {
                    return;
                }
                ledger.restoredIdCount = count;
                ledger.restoredIds.set(ledger.idRestore);
            }
        } catch (RuntimeException e) {
            failure = e;
            accepting = false;
        }
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
                } else if (nextExpiryAt() > clock.nowNanos()) {
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

    private long nextExpiryAt() {
        long next = Long.MAX_VALUE;
        for (PodLedger ledger : ledgers.values()) {
            next = Math.min(next, ledger.engine.nextExpiryAt());
        }
        return next;
    }

    private long idleWaitMillis() {
        long untilExpiry = nextExpiryAt() - clock.nowNanos();
        if (untilExpiry <= 0) {
            return 0;
        }
        return Math.min(IDLE_WAIT_MILLIS_MAX, TimeUnit.NANOSECONDS.toMillis(untilExpiry) + 1);
    }

    private void runBatch(List<Submission<?>> batch) throws InterruptedException {
        tracedInBatch.clear();
        boolean everyLedger = sortByLedger(batch);
        stampTraced(RequestTrace::batchStarted);
        long collectedAt = clock.nowNanos();
        List<PodLedger> touched = new ArrayList<>();
        for (PodLedger ledger : ledgers.values()) {
            ledger.installRestoredIds();
            if (everyLedger || ledger.hasWork(collectedAt)) {
                touched.add(ledger);
                collectIds(ledger, collectedAt);
            }
        }
        long now = clock.nowNanos();
        rep.reset();
        long[] engineBatches = new long[touched.size() * 2 + 1];
        engineBatches[0] = ++podSequence;
        int events = 0;
        List<Runnable> readModelUpdates = new ArrayList<>(touched.size());
        for (int k = 0; k < touched.size(); k++) {
            PodLedger ledger = touched.get(k);
            events += applyLedger(ledger, now, readModelUpdates);
            engineBatches[1 + 2 * k] = ledger.number;
            engineBatches[2 + 2 * k] = ledger.engine.batchSequence();
        }
        stampTraced(RequestTrace::applied);
        queuedEvents.addAndGet(-events);
        stats.recordEvents(events);
        dropLeaving();
        awaitingDurability.addLast(engineBatches);
        long oldestNanos = oldestEnqueuedNanos(batch);
        batchWaitingSinceNanos = oldestNanos;
        long durable = pipeline.handOver(new CommitPipeline.Job(podSequence, rep.toBytes(), List.copyOf(batch),
                () -> {
                    readModelUpdates.forEach(Runnable::run);
                    durableListener.run();
                }, oldestNanos));
        batchWaitingSinceNanos = NOT_WAITING;
        releaseThrough(durable);
    }

    /**
     * Hands each submission to its ledger's batch; returns true when one concerns every ledger.
     * A submission for a ledger that is not here, or that a removal earlier in this batch sends
     * away, fails unapplied with {@link LedgerMovedException}.
     */
    private boolean sortByLedger(List<Submission<?>> batch) {
        boolean everyLedger = false;
        for (Submission<?> submission : batch) {
            if (submission.trace != null) {
                tracedInBatch.add(submission.trace);
            }
            if (submission instanceof Submission.AddLedger add) {
                installLedger(add.prepared);
            } else if (submission instanceof Submission.RemoveLedger remove) {
                leaving.add(remove.ledger);
            } else if (submission.ledger == Submission.ALL_LEDGERS) {
                everyLedger = true;
            } else {
                PodLedger ledger = ledgers.get(submission.ledger);
                if (ledger == null || leaving.contains(submission.ledger)) {
                    queuedEvents.addAndGet(-submission.events());
                    submission.fail(new LedgerMovedException("pod " + name + " does not hold ledger " + submission.ledger));
                } else {
                    ledger.batch.add(submission);
                }
            }
        }
        return everyLedger;
    }

    /** Gives the batch's traced submissions the time of a stage; costs nothing when none is traced. */
    private void stampTraced(java.util.function.ObjLongConsumer<RequestTrace> stage) {
        if (tracedInBatch.isEmpty()) {
            return;
        }
        long now = RequestTrace.nowNanos();
        for (RequestTrace trace : tracedInBatch) {
            stage.accept(trace, now);
        }
    }

    private static long oldestEnqueuedNanos(List<Submission<?>> batch) {
        long oldest = NOT_WAITING;
        for (Submission<?> submission : batch) {
            oldest = Math.min(oldest, submission.enqueuedNanos);
        }
        return oldest;
    }

    private void installLedger(PodLedger ledger) {
        if (leaving.remove(ledger.number) || ledgers.containsKey(ledger.number)) {
            return; // still here (a removal in this batch is undone): the live engine stays
        }
        ledger.installRestoredIds();
        encoder.restoreJournal(ledger.number, ledger.recovery.checkpointSequence(),
                ledger.recovery.changedSinceCheckpoint());
        outbox.restore(ledger.number, ledger.nextEventSequence);
        ledgers.put(ledger.number, ledger);
    }

    /** Forgets the ledgers removed in this batch, once their last share of it is applied. */
    private void dropLeaving() {
        for (int number : leaving) {
            ledgers.remove(number);
            encoder.forget(number);
            outbox.forget(number);
        }
        leaving.clear();
    }

    private void collectIds(PodLedger ledger, long nowNanos) {
        ledger.prefetch.clear();
        for (Submission<?> submission : ledger.batch) {
            submission.collectIds(ledger.prefetch, ledger.engine, nowNanos);
        }
        ledger.prefetch.fetch();
    }

    /** Applies one ledger's share of the batch and encodes it; returns its events. */
    private int applyLedger(PodLedger ledger, long now, List<Runnable> readModelUpdates) {
        int events = 0;
        eventTraces.clear();
        ledger.engine.beginBatch(now, ledger.prefetch);
        for (Submission<?> submission : ledger.batch) {
            RequestTrace trace = submission.trace;
            // What it creates gets timestamps after this one: its events carry its trace context.
            long timestampBefore = trace == null ? 0 : ledger.engine.lastTimestamp();
            submission.apply(ledger.engine);
            if (trace != null) {
                eventTraces.add(timestampBefore, ledger.engine.lastTimestamp(), trace.context());
            }
            events += submission.events();
            if (submission.response != null) {
                rep.put(idempotencyFamily, submission.response.key(), submission.response.encode(submission.outcome()));
            }
        }
        ledger.batch.clear();
        BatchChanges changes = ledger.engine.endBatch();
        encoder.encode(ledger.number, changes, rep);
        outbox.encode(ledger.number, changes, eventTraces, rep, eventsFamily);
        AccountReadModel.Delta delta = AccountReadModel.Delta.of(changes);
        readModelUpdates.add(() -> ledger.readModel.apply(delta));
        return events;
    }

    /** Lets each engine forget what durable pod batches created. */
    private void releaseThrough(long durablePodSequence) {
        while (!awaitingDurability.isEmpty() && awaitingDurability.peekFirst()[0] <= durablePodSequence) {
            long[] engineBatches = awaitingDurability.removeFirst();
            for (int k = 1; k < engineBatches.length; k += 2) {
                PodLedger ledger = ledgers.get((int) engineBatches[k]);
                if (ledger != null) { // null once removed: its engine is gone with what it held
                    ledger.engine.releaseThrough(engineBatches[k + 1]);
                }
            }
        }
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

    /** Sets what runs after each durable batch, on the committer thread; it must not block. */
    public void onDurable(Runnable listener) {
        this.durableListener = listener;
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
