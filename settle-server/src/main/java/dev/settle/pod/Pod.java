package dev.settle.pod;

import dev.settle.store.LedgerStore;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One pod: a shard of tenants' ledgers with its own state machine ({@link LedgerStateMachine}),
 * driven here by the local single writer with group commit ({@link PodWriter}). Each ledger (a
 * tenant's) has its own engine; one pod batch may touch several of them and is still written as
 * one atomic, synced RocksDB batch.
 *
 * <p>Futures complete on the committer thread once their batch is durable; callers that chain
 * work onto them should use the {@code *Async} methods so the committer is never held up.
 */
public final class Pod implements AutoCloseable {
    private final String name;
    private final LedgerStore store;
    /** Replaced only by {@link Replica#restore}, on the log's applier thread. */
    private volatile LedgerStateMachine state;
    private final PodDriver writer;
    private final SubmissionQueue queue;
    private final LongSupplier waitClockNanos;
    /** Replaced with {@link #state}. */
    private volatile TransferIdLoader idLoader;
    private final PodStats stats = new PodStats();
    private final Supplier<Collection<Integer>> ledgersAfterRestore;
    private volatile Consumer<PodCommand.Put> recordListener = put -> { };
    /** The log's side of a replicated pod; null for a pod the local writer drives. */
    private final PodReplica replica;

    /** Makes the pod's driver for its recovered state machine. */
    @FunctionalInterface
    private interface DriverFactory {
        PodDriver create(LedgerStateMachine state, SubmissionQueue queue, PodStats stats);
    }

    private Pod(String name, LedgerStore store, Collection<Integer> ledgers, PodConfig config,
            LongSupplier waitClockNanos, DriverFactory drivers, Supplier<Collection<Integer>> ledgersAfterRestore) {
        this.name = name;
        this.store = store;
        this.waitClockNanos = waitClockNanos;
        this.queue = new SubmissionQueue(config);
        this.state = LedgerStateMachine.recover(store, ledgers);
        this.writer = drivers.create(state, queue, stats);
        this.idLoader = idLoader(state);
        this.ledgersAfterRestore = ledgersAfterRestore;
        this.replica = writer instanceof ReplicatedDriver driver ? new Replica(driver) : null;
    }

    private TransferIdLoader idLoader(LedgerStateMachine recovered) {
        return new TransferIdLoader(name + "-id-loader", store, recovered.ledgers(), writer::failWith);
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
        return started(new Pod(name, store, ledgers, config, waitClockNanos,
                (state, queue, stats) -> new PodWriter(name, state, store, queue, clock, waitClockNanos, stats),
                () -> {
                    throw new IllegalStateException("a pod the local writer drives installs no snapshots");
                }));
    }

    /**
     * Recovers the ledgers and starts a replicated pod (decision 0014): its batches are proposed to
     * {@code log}, and the log applies every committed entry through {@link #replica()}. Its store
     * writes are not synced (the log is the write-ahead log).
     *
     * @param ledgersAfterRestore the pod's ledgers once its store holds an installed snapshot
     *     ({@link PodReplica#restore}): the tenants' registry reads them from the new content
     */
    public static Pod startReplicated(String name, LedgerStore store, Collection<Integer> ledgers, PodConfig config,
            PodBatchCodec codec, PodLog log, LedgerClock clock, Supplier<Collection<Integer>> ledgersAfterRestore) {
        LongSupplier waitClockNanos = System::nanoTime;
        return started(new Pod(name, store, ledgers, config, waitClockNanos, (state, queue, stats) ->
                new ReplicatedDriver(name, state, store, queue, codec, log, clock, waitClockNanos, stats),
                ledgersAfterRestore));
    }

    private static Pod started(Pod pod) {
        pod.idLoader.start();
        pod.writer.start();
        return pod;
    }

    /** The member's side of a replicated pod's log, or null for a pod the local writer drives. */
    public PodReplica replica() {
        return replica;
    }

    /** A replicated pod's log side: applies through its driver; snapshots and restores the whole pod. */
    private final class Replica implements PodReplica {
        private final ReplicatedDriver driver;

        Replica(ReplicatedDriver driver) {
            this.driver = driver;
        }

        @Override
        public void applyCommitted(long index, byte[] entry) {
            driver.applyCommitted(index, entry);
        }

        @Override
        public long appliedIndex() {
            return driver.appliedIndex();
        }

        @Override
        public void snapshot(Path dir) {
            store.checkpoint(dir);
        }

        @Override
        public void restore(Path dir) {
            try {
                idLoader.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("pod " + name + " was interrupted before installing a snapshot", e);
            }
            store.replaceWith(dir);
            LedgerStateMachine recovered = LedgerStateMachine.recover(store, ledgersAfterRestore.get());
            recovered.onRecorded(recordListener);
            state = recovered;
            driver.restored(recovered);
            idLoader = idLoader(recovered);
            idLoader.start();
        }
    }

    /** Submits a command; its future completes with the outcome once the command's batch is durable. */
    public <R> CompletableFuture<R> submit(PodCommand<R> command) {
        return submit(command, null);
    }

    /**
     * Submits a command whose answer is stored with its effect: {@code response} (may be null) is
     * rendered from the outcome on the writer thread and written in the same atomic batch.
     */
    public <R> CompletableFuture<R> submit(PodCommand<R> command, DurableResponse response) {
        if (!writer.isAvailable()) {
            return CompletableFuture.failedFuture(PodUnavailableException.of(name, writer.failure()));
        }
        return queue.submit(command, response, waitClockNanos.getAsLong(), stats, name);
    }

    /**
     * Completes once a batch that started after this call is durable: everything submitted
     * before it is then durable too, and pending transfers due by now have expired.
     */
    public CompletableFuture<Void> barrier() {
        return submit(new PodCommand.Barrier());
    }

    /**
     * Adds a ledger: a new tenant's, or one moved in from another pod. It is recovered from the
     * store on the calling thread (no pod may write it meanwhile), so the writer only installs it;
     * commands for it may follow once this completes.
     */
    public CompletableFuture<Void> addLedger(int ledger) {
        if (state.hasLedger(ledger)) {
            return CompletableFuture.completedFuture(null);
        }
        state.prepare(ledger);
        return submit(new PodCommand.AddLedger(ledger));
    }

    /**
     * Takes a ledger out of this pod (its tenant moves away). Completes once everything queued for
     * it before is applied and durable; later submissions for it fail with {@link LedgerMovedException}.
     */
    public CompletableFuture<Void> removeLedger(int ledger) {
        return submit(new PodCommand.RemoveLedger(ledger));
    }

    /**
     * Completes once a read of this pod's state here sees every write acknowledged anywhere before
     * the call (a replicated pod waits for its log's read index; a local one is always current).
     */
    public CompletableFuture<Void> readFence() {
        return writer.readFence();
    }

    /** The durable accounts of a ledger, or null when the pod has no such ledger. */
    public AccountReadModel accounts(int ledger) {
        return state.accounts(ledger);
    }

    /** True when the ledger is installed in this pod. */
    public boolean hasLedger(int ledger) {
        return state.hasLedger(ledger);
    }

    public int ledgerCount() {
        return state.ledgerCount();
    }

    public String name() {
        return name;
    }

    /** Queued events as a percentage of the queue bound (0..100). */
    public int queuePercent() {
        return queue.percent();
    }

    /**
     * How long the oldest submission not yet acknowledged has waited, in nanoseconds: queued,
     * in the batch waiting for the committer, or being committed (0 when there is none). A slow
     * commit shows here at once, though the queue itself drains into the next batch.
     */
    public long queueDelayNanos() {
        return writer.queueDelayNanos();
    }

    /** Fault injection: {@code hook} runs before every commit of this pod (null: none). */
    public void injectBeforeCommit(CommitHook hook) {
        writer.injectBeforeCommit(hook);
    }

    public PodRecovery recovery() {
        return state.recovery();
    }

    public PodStats stats() {
        return stats;
    }

    /**
     * True while the pod takes submissions; false once closed or failed, including right after a
     * failed commit (before the writer next meets the failure).
     */
    public boolean isAvailable() {
        return writer.isAvailable();
    }

    /** Why the pod stopped, or null. */
    public Throwable failure() {
        return writer.failure();
    }

    public int queuedEvents() {
        return queue.queuedEvents();
    }

    /** Stored transfer ids restored so far, or -1 while some ledger is still loading them. */
    public long restoredTransferIds() {
        return state.restoredTransferIds();
    }

    /** Lookups the engines made of ids that were not prefetched (a bug if nonzero; see StorePrefetch). */
    public long unplannedReads() {
        return state.unplannedReads();
    }

    /** The digest of a ledger's state; only once the pod is closed (the writer owns it before). */
    public String stateDigest(int ledger) {
        if (writer.isRunning()) {
            throw new IllegalStateException("close the pod before reading its state");
        }
        return state.stateDigest(ledger);
    }

    /** Sets what learns, once durable, the records put outside the engines; on the publishing thread, quick. */
    public void onRecorded(Consumer<PodCommand.Put> listener) {
        recordListener = listener;
        state.onRecorded(listener);
    }

    /** Sets what runs after each durable batch, on the committer thread; it must not block. */
    public void onDurable(Runnable listener) {
        writer.onDurable(listener);
    }

    /** Stops taking submissions, applies and commits what was queued, and stops the threads. */
    @Override
    public void close() {
        try {
            idLoader.stop();
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
