package dev.settle.tracing;

import dev.settle.ledger.Invariants;
import io.opentelemetry.api.trace.Span;
import java.util.function.Supplier;

/**
 * One traced request on its way through a pod: the trace context its events carry (and pass on
 * to webhook deliveries), its server span when it is recorded, and when each stage of its pod
 * submission happened, for the {@code pod.*} spans.
 *
 * <p>The tracing listener creates it when the request arrives and binds it to the request's
 * thread until the answer is ready; {@code Pod.enqueue} attaches {@link #current()} to the
 * submission. The pod's writer and committer threads write the stage times; the request thread
 * reads them only after the submission's future completed, which orders those writes before its
 * reads. An untraced request has none: the pod then checks a field for null and does nothing else.
 */
public final class RequestTrace {
    /** A stage not reached (the submission failed, or the request never went through a pod). */
    static final long NOT_REACHED = Long.MIN_VALUE;

    private static final ThreadLocal<RequestTrace> CURRENT = new ThreadLocal<>();

    private final TraceParent context;
    private final Span span;
    // Monotonic times ({@link #nowNanos}), or NOT_REACHED.
    private long enqueuedNanos = NOT_REACHED;
    private long batchStartedNanos = NOT_REACHED;
    private long appliedNanos = NOT_REACHED;
    private long commitStartedNanos = NOT_REACHED;
    private long committedNanos = NOT_REACHED;

    /**
     * @param context what the request's events carry: its server span's context when recorded,
     *     else the incoming {@code traceparent} as it came
     * @param span the server span, or null when the request is not recorded
     */
    RequestTrace(TraceParent context, Span span) {
        if (context == null) {
            throw new IllegalArgumentException("a traced request has a trace context");
        }
        this.context = context;
        this.span = span;
    }

    /** The trace of the request the calling thread is answering, or null when it is untraced. */
    public static RequestTrace current() {
        return CURRENT.get();
    }

    void bind() {
        CURRENT.set(this);
    }

    /**
     * Runs {@code work} as part of {@code trace} (null: untraced) on the calling thread, then
     * restores what the thread had: for work a request hands to another thread, such as a
     * command resubmitted after its tenant moved between pods.
     */
    public static <T> T callWithin(RequestTrace trace, Supplier<T> work) {
        RequestTrace previous = CURRENT.get();
        if (trace == previous) {
            return work.get();
        }
        CURRENT.set(trace);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Called only for traced requests: an untraced one never touches the thread-local. */
    static void unbind() {
        CURRENT.remove();
    }

    /** The clock of the stage times: the one that timed the request's arrival. */
    public static long nowNanos() {
        return System.nanoTime();
    }

    /** The context its events carry. */
    public TraceParent context() {
        return context;
    }

    Span span() {
        return span;
    }

    /** Its submission entered a pod's queue (request thread). */
    public void enqueued() {
        enqueuedNanos = nowNanos();
    }

    /** The pod's writer took the batch that holds it (writer thread). */
    public void batchStarted(long nanos) {
        batchStartedNanos = nanos;
    }

    /** The writer applied and encoded that batch (writer thread). */
    public void applied(long nanos) {
        appliedNanos = nanos;
    }

    /** The committer wrote that batch, synced, between these times (committer thread). */
    public void committed(long startedNanos, long endedNanos) {
        Invariants.check(startedNanos <= endedNanos, "a write ends after it starts");
        commitStartedNanos = startedNanos;
        committedNanos = endedNanos;
    }

    long enqueuedNanos() {
        return enqueuedNanos;
    }

    long batchStartedNanos() {
        return batchStartedNanos;
    }

    long appliedNanos() {
        return appliedNanos;
    }

    long commitStartedNanos() {
        return commitStartedNanos;
    }

    long committedNanos() {
        return committedNanos;
    }
}
