package dev.settle.pod;

import dev.settle.tracing.RequestTrace;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The bounded queue in front of a pod's driver, shared by every driver (the local writer, a
 * replicated proposer): callers add submissions from any thread, bounded in events; the driver's
 * one thread takes them out a batch at a time (group commit), up to a number of events.
 */
final class SubmissionQueue {
    private static final int SUBMISSIONS_MAX = 65_536;
    /** No submission waiting (an enqueue time later than any). */
    static final long NOT_WAITING = Long.MAX_VALUE;

    private final int eventsQueuedMax;
    private final int eventsPerBatchMax;
    private final BlockingQueue<Submission<?>> queue = new ArrayBlockingQueue<>(SUBMISSIONS_MAX);
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final Submission<Void> stop = new Submission<>(new PodCommand.Barrier(), null, null, NOT_WAITING);

    SubmissionQueue(PodConfig config) {
        this.eventsQueuedMax = config.eventsQueuedMax();
        this.eventsPerBatchMax = config.eventsPerBatchMax();
    }

    /**
     * Queues {@code command} for pod {@code pod}: its future fails at once, counted in {@code stats},
     * when the queue is at its bound.
     */
    <R> CompletableFuture<R> submit(PodCommand<R> command, DurableResponse response, long enqueuedNanos,
            PodStats stats, String pod) {
        RequestTrace trace = RequestTrace.current();
        Submission<R> submission = new Submission<>(command, response, trace, enqueuedNanos);
        if (trace != null) {
            trace.enqueued();
        }
        if (!offer(submission)) {
            stats.recordRejected();
            submission.fail(new PodOverloadedException("pod " + pod + " is at its queue limit of " + eventsQueuedMax
                    + " events; retry shortly"));
        }
        return submission.future;
    }

    /** Adds a submission; false (and nothing added) when the queue is at its bound. */
    boolean offer(Submission<?> submission) {
        int events = submission.events();
        if (queuedEvents.addAndGet(events) > eventsQueuedMax || !queue.offer(submission)) {
            queuedEvents.addAndGet(-events);
            return false;
        }
        return true;
    }

    /**
     * Fills {@code batch} (empty) with the next submissions, waiting up to {@code waitMillis} for
     * the first; the batch holds at most the events per batch (or one submission larger than
     * that). Returns true when the queue was stopped: the batch then holds what came before.
     */
    boolean take(List<Submission<?>> batch, long waitMillis) throws InterruptedException {
        Submission<?> first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        if (first == stop) {
            return true;
        }
        batch.add(first);
        int events = first.events();
        while (true) {
            Submission<?> next = queue.peek();
            if (next == null) {
                return false;
            }
            if (next == stop) {
                queue.poll();
                return true;
            }
            if (events + next.events() > eventsPerBatchMax) {
                return false;
            }
            queue.poll();
            events += next.events();
            batch.add(next);
        }
    }

    /** The driver took {@code events} out for good (applied, proposed or failed). */
    void taken(int events) {
        queuedEvents.addAndGet(-events);
    }

    /**
     * Puts the stop marker at the end, waiting for room while {@code driverAlive}; what was
     * queued before it is still taken. False when the driver died before it fit.
     */
    boolean stop(BooleanSupplier driverAlive) throws InterruptedException {
        while (!queue.offer(stop, 100, TimeUnit.MILLISECONDS)) {
            if (!driverAlive.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** Fails everything still queued with {@code cause}. */
    void failAll(Throwable cause) {
        for (Submission<?> s = queue.poll(); s != null; s = queue.poll()) {
            if (s != stop) {
                s.fail(cause);
            }
        }
    }

    /** When the submission at the head was enqueued, or {@link #NOT_WAITING}. */
    long headEnqueuedNanos() {
        Submission<?> head = queue.peek();
        return head == null || head == stop ? NOT_WAITING : head.enqueuedNanos;
    }

    int queuedEvents() {
        return queuedEvents.get();
    }

    /** Queued events as a percentage of the bound (0..100). */
    int percent() {
        return (int) Math.min(100, (long) queuedEvents.get() * 100 / eventsQueuedMax);
    }

    int eventsQueuedMax() {
        return eventsQueuedMax;
    }
}
