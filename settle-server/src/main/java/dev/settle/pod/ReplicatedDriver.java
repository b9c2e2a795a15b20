package dev.settle.pod;

import dev.settle.ledger.Invariants;
import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.WriteBatchRep;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The replicated driver of a pod's state machine (decision 0014). This node's submissions queue
 * and group into batches as with the local writer, but a batch is proposed to the pod's log
 * ({@link PodLog}, a Raft group) instead of applied here. Every member applies every committed
 * entry in log order ({@link #applyCommitted}), writes it with the entry's index as the applied
 * index in one atomic write, and publishes it; the node that proposed the batch completes its
 * callers' futures then, with the outcomes its own apply computed. Nothing is applied before it
 * is committed, so a deposed leader has nothing to undo.
 *
 * <p>An entry is {@code [format:1][proposer:8][proposal:8][pod batch]}: the proposer's random
 * incarnation and its proposal counter name the proposal, so that only the node that made it
 * (in this run) completes its callers. The batch's sequence in the entry is the proposal number;
 * members number batches by the order they apply them.
 *
 * <p>The store's writes are not synced: the log is the write-ahead log. A crash loses at most a
 * suffix of applied batches, and the applied index stored with each says where the log must
 * replay from.
 */
final class ReplicatedDriver implements PodDriver {
    static final int ENTRY_FORMAT = 1;
    static final int ENTRY_HEADER_BYTES = 1 + 8 + 8;
    /** Proposals of this node in flight at once (committed but not yet applied here, or on their way). */
    static final int PROPOSALS_IN_FLIGHT_MAX = 8;
    private static final long TAKE_WAIT_MILLIS = 1_000;
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    private static final SecureRandom INCARNATIONS = new SecureRandom();

    /** One proposal of this node: its callers, waiting for its apply here. */
    private record Proposal(List<Submission<?>> submissions, int events, long oldestEnqueuedNanos) {}

    private final String name;
    /** The applier thread's; replaced by {@link #restored}. */
    private volatile LedgerStateMachine state;
    private final LedgerStore store;
    private final PodBatchCodec codec;
    private final PodLog log;
    private final LedgerClock clock;
    private final LongSupplier waitClockNanos;
    private final PodStats stats;
    private final SubmissionQueue queue;
    private final byte[] appliedKey;
    private final int defaultFamily;
    private final long incarnation = INCARNATIONS.nextLong();
    private final Map<Long, Proposal> inFlight = new ConcurrentHashMap<>();
    private final Semaphore proposalSlots = new Semaphore(PROPOSALS_IN_FLIGHT_MAX);
    private final Thread thread;
    private volatile Runnable durableListener = () -> { };
    private volatile CommitHook hook;
    private volatile boolean accepting = true;
    private volatile Throwable failure;
    private volatile long appliedIndex;
    private long proposals;
    /** Batches applied here (the apply thread's own numbering). */
    private long appliedSequence;

    ReplicatedDriver(String name, LedgerStateMachine state, LedgerStore store, SubmissionQueue queue,
            PodBatchCodec codec, PodLog log, LedgerClock clock, LongSupplier waitClockNanos, PodStats stats) {
        this.name = name;
        this.state = state;
        this.store = store;
        this.codec = codec;
        this.log = log;
        this.clock = clock;
        this.waitClockNanos = waitClockNanos;
        this.stats = stats;
        this.queue = queue;
        this.appliedKey = appliedIndexKey(name);
        this.defaultFamily = store.columnFamilyIds()[ColumnFamily.DEFAULT.ordinal()];
        this.appliedIndex = storedAppliedIndex();
        this.thread = new Thread(this::run, name + "-proposer");
        this.thread.setDaemon(true);
    }

    /** {@code default}/{@code "applied_log_index/" + pod}: the last log index whose batch is in the store. */
    static byte[] appliedIndexKey(String pod) {
        return ("applied_log_index/" + pod).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public CompletableFuture<Void> readFence() {
        return log.readFence();
    }

    @Override
    public long queueDelayNanos() {
        long oldest = queue.headEnqueuedNanos();
        for (Proposal proposal : inFlight.values()) {
            oldest = Math.min(oldest, proposal.oldestEnqueuedNanos());
        }
        return oldest == SubmissionQueue.NOT_WAITING ? 0 : Math.max(0, waitClockNanos.getAsLong() - oldest);
    }

    @Override
    public boolean isAvailable() {
        return accepting && failure == null;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void failWith(Throwable cause) {
        failure = cause;
        accepting = false;
    }

    @Override
    public boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public void injectBeforeCommit(CommitHook newHook) {
        hook = newHook;
    }

    @Override
    public void onDurable(Runnable listener) {
        durableListener = listener;
    }

    /**
     * Stops taking submissions, proposes what was queued, waits (boundedly) for this node's
     * proposals to be applied here, and fails the rest: they may still commit, and a retry with
     * the same idempotency key then finds their stored answers.
     */
    @Override
    public void close() throws InterruptedException {
        accepting = false;
        try {
            queue.stop(thread::isAlive);
            thread.join();
            if (proposalSlots.tryAcquire(PROPOSALS_IN_FLIGHT_MAX, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                proposalSlots.release(PROPOSALS_IN_FLIGHT_MAX); // all applied: nothing is left in flight
            }
        } finally {
            PodUnavailableException cause = unavailable();
            queue.failAll(cause);
            failInFlight(cause);
        }
    }

    private PodUnavailableException unavailable() {
        return PodUnavailableException.of(name, failure);
    }

    // ---- The proposer thread ----

    private void run() {
        List<Submission<?>> batch = new ArrayList<>();
        try {
            boolean stopping = false;
            while (!stopping) {
                batch.clear();
                stopping = queue.take(batch, TAKE_WAIT_MILLIS);
                if (!batch.isEmpty()) {
                    proposalSlots.acquire();
                    propose(List.copyOf(batch));
                }
            }
        } catch (Throwable t) {
            failure = t;
            accepting = false;
            PodUnavailableException cause = unavailable();
            batch.forEach(s -> s.fail(cause));
            queue.failAll(cause);
        }
    }

    private void propose(List<Submission<?>> batch) {
        long id = ++proposals;
        List<PodBatch.Entry> entries = new ArrayList<>(batch.size());
        int events = 0;
        long oldest = SubmissionQueue.NOT_WAITING;
        for (Submission<?> submission : batch) {
            entries.add(submission.entry);
            events += submission.events();
            oldest = Math.min(oldest, submission.enqueuedNanos);
        }
        byte[] encoded = codec.encode(new PodBatch(id, clock.nowNanos(), entries));
        byte[] entry = new byte[ENTRY_HEADER_BYTES + encoded.length];
        entry[0] = ENTRY_FORMAT;
        Bytes.putLong(entry, 1, incarnation);
        Bytes.putLong(entry, 9, id);
        System.arraycopy(encoded, 0, entry, ENTRY_HEADER_BYTES, encoded.length);
        inFlight.put(id, new Proposal(batch, events, oldest));
        queue.taken(events);
        CompletableFuture<?> proposed;
        try {
            proposed = log.propose(entry);
        } catch (RuntimeException e) {
            proposed = CompletableFuture.failedFuture(e);
        }
        proposed.whenComplete((reply, failed) -> {
            if (failed != null) {
                abandon(id, failed);
            }
        });
    }

    /** The log could not commit the proposal (as far as this node knows): its callers hear 503. */
    private void abandon(long id, Throwable cause) {
        Proposal proposal = inFlight.remove(id);
        if (proposal == null) {
            return; // applied meanwhile
        }
        proposalSlots.release();
        PodUnavailableException unavailable = new PodUnavailableException("pod " + name
                + " could not commit the batch: " + cause.getMessage(), cause);
        proposal.submissions().forEach(s -> s.fail(unavailable));
    }

    // ---- The apply thread (the log's) ----

    /** See {@link PodReplica#appliedIndex}. */
    long appliedIndex() {
        return appliedIndex;
    }

    /**
     * The store now holds an installed snapshot and {@code recovered} its ledgers: applies go on
     * from the snapshot's applied index. This node's proposals in flight fail, since their entries
     * may be inside the snapshot and will then never be applied here.
     */
    void restored(LedgerStateMachine recovered) {
        state = recovered;
        appliedSequence = 0;
        appliedIndex = storedAppliedIndex();
        failInFlight(new PodUnavailableException("pod " + name + " installed a snapshot from its group while the"
                + " request waited; retry with the same Idempotency-Key to get its outcome", null));
    }

    private long storedAppliedIndex() {
        byte[] stored = store.get(ColumnFamily.DEFAULT, appliedKey);
        return stored == null ? 0 : Bytes.getLong(stored, 0);
    }

    /** See {@link PodReplica#applyCommitted}. */
    void applyCommitted(long index, byte[] entry) {
        if (index <= appliedIndex) {
            return; // in the store already (a replay after a restart)
        }
        long started = System.nanoTime();
        try {
            Invariants.check(entry.length >= ENTRY_HEADER_BYTES && entry[0] == ENTRY_FORMAT,
                    "a pod log entry starts with its format and its proposal");
            long proposer = Bytes.getLong(entry, 1);
            long proposal = Bytes.getLong(entry, 9);
            PodBatch proposed = codec.decode(Arrays.copyOfRange(entry, ENTRY_HEADER_BYTES, entry.length));
            PodBatch batch = new PodBatch(++appliedSequence, proposed.timeNanos(), proposed.entries());
            CommitHook injected = hook;
            if (injected != null) {
                injected.beforeCommit();
            }
            AppliedBatch applied = state.apply(batch);
            byte[] index8 = new byte[Long.BYTES];
            Bytes.putLong(index8, 0, index);
            byte[] writeSet = WriteBatchRep.withPut(applied.writeSet(), defaultFamily, appliedKey, index8);
            store.writeUnsynced(writeSet);
            state.publish(applied);
            appliedIndex = index;
            state.releaseThrough(batch.sequence());
            long written = System.nanoTime();
            stats.recordEvents(events(batch));
            stats.recordCommit(batch.entries().size(), writeSet.length, written - started);
            durableListener.run();
            if (proposer == incarnation) {
                complete(proposal, applied, started, written);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(new IllegalStateException("interrupted while applying log entry " + index, e));
            throw new IllegalStateException("pod " + name + " was interrupted while applying", e);
        } catch (RuntimeException | Error e) {
            // The memory may now be ahead of the store: only a restart (recovery, replay) continues.
            stop(e);
            throw e;
        }
    }

    private static int events(PodBatch batch) {
        int events = 0;
        for (PodBatch.Entry entry : batch.entries()) {
            events += entry.command().events();
        }
        return events;
    }

    /** Completes this node's callers of the proposal with their outcomes. */
    private void complete(long proposal, AppliedBatch applied, long startedNanos, long writtenNanos) {
        Proposal mine = inFlight.remove(proposal);
        if (mine == null) {
            return; // abandoned: its callers heard 503 already
        }
        proposalSlots.release();
        Object[] outcomes = applied.outcomes();
        for (int i = 0; i < outcomes.length; i++) {
            Submission<?> submission = mine.submissions().get(i);
            if (outcomes[i] instanceof LedgerMovedException moved) {
                submission.fail(moved);
                continue;
            }
            stats.recordOutcome(outcomes[i]);
            if (submission.trace != null) {
                submission.trace.committed(startedNanos, writtenNanos);
            }
            submission.complete(outcomes[i]);
        }
    }

    private void stop(Throwable cause) {
        failure = cause;
        accepting = false;
        failInFlight(unavailable());
    }

    private void failInFlight(PodUnavailableException cause) {
        for (Long id : List.copyOf(inFlight.keySet())) {
            Proposal proposal = inFlight.remove(id);
            if (proposal != null) {
                proposalSlots.release();
                proposal.submissions().forEach(s -> s.fail(cause));
            }
        }
    }
}
