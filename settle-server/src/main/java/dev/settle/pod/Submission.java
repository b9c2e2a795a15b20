package dev.settle.pod;

import dev.settle.tracing.RequestTrace;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's command waiting in the local writer's queue: the batch entry it becomes, and the
 * future that answers it once its batch is durable.
 */
final class Submission<R> {
    final PodBatch.Entry entry;
    final CompletableFuture<R> future = new CompletableFuture<>();
    /** When it entered the queue (the pod's wait clock), for the queue delay that load shedding reads. */
    final long enqueuedNanos;
    /** The trace of the request that submitted it, or null: untraced, and then the pod does nothing for it. */
    final RequestTrace trace;

    Submission(PodCommand<R> command, DurableResponse response, RequestTrace trace, long enqueuedNanos) {
        this.entry = new PodBatch.Entry(command, response, trace == null ? null : trace.context());
        this.trace = trace;
        this.enqueuedNanos = enqueuedNanos;
    }

    int events() {
        return entry.command().events();
    }

    /** Completes the future with its command's outcome, of the type the command declares. */
    @SuppressWarnings("unchecked")
    void complete(Object outcome) {
        future.complete((R) outcome);
    }

    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
