package dev.settle.pod;

import dev.settle.store.LedgerStore;
import dev.settle.tracing.RequestTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;

/**
 * The local driver of a pod's state machine: one writer thread drains the queue (up to
 * {@link PodConfig#eventsPerBatchMax()} events), gives the batch its time and number, applies it
 * and hands the write set to the committer ({@link CommitPipeline}), which writes it as ONE synced
 * RocksDB batch and only then completes the futures. Applying batch N+1 overlaps with writing
 * batch N. When idle it still wakes for the next pending transfer's expiry.
 */
final class PodWriter implements PodDriver {
    /** The writer wakes at least this often when idle (to expire pending transfers on time). */
    private static final long IDLE_WAIT_MILLIS_MAX = 1_000;
    /** No submission waiting (an enqueue time later than any). */
    static final long NOT_WAITING = SubmissionQueue.NOT_WAITING;

    private final String name;
    private final PodStateMachine state;
    private final LedgerClock clock;
    private final LongSupplier waitClockNanos;
    private final PodStats stats;
    private final CommitPipeline pipeline;
    private final SubmissionQueue queue;
    private final Thread thread;
    /** The traced submissions of the batch being built (writer thread only; usually empty). */
    private final List<RequestTrace> tracedInBatch = new ArrayList<>();
    /** Runs on the committer thread after each durable batch (wakes the webhook relay); must be quick. */
    private volatile Runnable durableListener = () -> { };
    private volatile boolean accepting = true;
    private volatile Throwable failure;
    /** The oldest enqueue time of the batch the writer is handing over, or {@link #NOT_WAITING}. */
    private volatile long batchWaitingSinceNanos = NOT_WAITING;
    private long sequence;

    PodWriter(String name, PodStateMachine state, LedgerStore store, SubmissionQueue queue, LedgerClock clock,
            LongSupplier waitClockNanos, PodStats stats) {
        this.name = name;
        this.state = state;
        this.queue = queue;
        this.clock = clock;
        this.waitClockNanos = waitClockNanos;
        this.stats = stats;
        this.pipeline = new CommitPipeline(store, stats, name + "-committer", 0);
        this.thread = new Thread(this::run, name + "-writer");
        this.thread.setDaemon(true);
    }

    @Override
    public void start() {
        pipeline.start();
        thread.start();
    }

    /** See {@link Pod#queueDelayNanos}. */
    @Override
    public long queueDelayNanos() {
        long oldest = Math.min(queue.headEnqueuedNanos(),
                Math.min(batchWaitingSinceNanos, pipeline.committingSinceNanos()));
        return oldest == NOT_WAITING ? 0 : Math.max(0, waitClockNanos.getAsLong() - oldest);
    }

    @Override
    public boolean isAvailable() {
        return accepting && failure == null && pipeline.failure() == null;
    }

    @Override
    public Throwable failure() {
        Throwable stopped = failure;
        return stopped != null ? stopped : pipeline.failure();
    }

    /** Stops taking submissions because of {@code cause} (the store cannot be read). */
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
    public void injectBeforeCommit(CommitHook hook) {
        pipeline.injectBeforeCommit(hook);
    }

    @Override
    public void onDurable(Runnable listener) {
        this.durableListener = listener;
    }

    /** Stops taking submissions, applies and commits what was queued, and stops the threads. */
    @Override
    public void close() throws InterruptedException {
        accepting = false;
        try {
            queue.stop(thread::isAlive);
            thread.join();
            pipeline.stop();
        } finally {
            queue.failAll(unavailable());
        }
    }

    private PodUnavailableException unavailable() {
        return PodUnavailableException.of(name, failure());
    }

    // ---- The writer thread ----

    private void run() {
        List<Submission<?>> batch = new ArrayList<>();
        try {
            boolean stopping = false;
            while (!stopping) {
                batch.clear();
                stopping = queue.take(batch, idleWaitMillis());
                if (batch.isEmpty() && !stopping && state.nextDeadlineNanos() > clock.nowNanos()) {
                    continue; // woke without work and no pending transfer is due yet
                }
                if (!batch.isEmpty() || !stopping) {
                    runBatch(batch);
                }
            }
        } catch (Throwable t) {
            stopAfterFailure(t, batch);
        }
    }

    private long idleWaitMillis() {
        long untilExpiry = state.nextDeadlineNanos() - clock.nowNanos();
        if (untilExpiry <= 0) {
            return 0;
        }
        return Math.min(IDLE_WAIT_MILLIS_MAX, TimeUnit.NANOSECONDS.toMillis(untilExpiry) + 1);
    }

    private void runBatch(List<Submission<?>> batch) throws InterruptedException {
        List<PodBatch.Entry> entries = new ArrayList<>(batch.size());
        tracedInBatch.clear();
        int events = 0;
        for (Submission<?> submission : batch) {
            entries.add(submission.entry);
            events += submission.events();
            if (submission.trace != null) {
                tracedInBatch.add(submission.trace);
            }
        }
        stampTraced(RequestTrace::batchStarted);
        AppliedBatch applied = state.apply(new PodBatch(++sequence, clock.nowNanos(), entries));
        stampTraced(RequestTrace::applied);
        int refusedEvents = failRefused(batch, applied);
        queue.taken(events);
        stats.recordEvents(events - refusedEvents);
        long oldestNanos = oldestEnqueuedNanos(batch);
        batchWaitingSinceNanos = oldestNanos;
        long durable = pipeline.handOver(new CommitPipeline.Job(applied, List.copyOf(batch), () -> {
            state.publish(applied);
            durableListener.run();
        }, oldestNanos));
        batchWaitingSinceNanos = NOT_WAITING;
        state.releaseThrough(durable);
    }

    /**
     * Fails, at once, the submissions whose ledger was not in the pod: nothing of them was
     * applied. Returns their events.
     */
    private static int failRefused(List<Submission<?>> batch, AppliedBatch applied) {
        Object[] outcomes = applied.outcomes();
        int events = 0;
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] instanceof LedgerMovedException moved) {
                batch.get(i).fail(moved);
                events += batch.get(i).events();
            }
        }
        return events;
    }

    /** Gives the batch's traced submissions the time of a stage; costs nothing when none is traced. */
    private void stampTraced(ObjLongConsumer<RequestTrace> stage) {
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

    private void stopAfterFailure(Throwable t, List<Submission<?>> batch) {
        failure = t;
        accepting = false;
        PodUnavailableException cause = unavailable();
        for (Submission<?> submission : batch) {
            submission.fail(cause);
        }
        queue.failAll(cause);
    }
}
