package dev.settle.payments.processor;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * What the calls to the processor came to, for the metrics: calls by outcome (answered, refused,
 * never reached it, outcome unknown) and each call's duration, retries included.
 */
public final class ProcessorStats {
    /** No calls are made (no processor configured). */
    public static final ProcessorStats NONE = new ProcessorStats();

    private final LongAdder answered = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder notPerformed = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private volatile LongConsumer durations = nanos -> { };

    void record(ProcessorAnswer answer, long nanos) {
        switch (answer) {
            case ProcessorAnswer.Refused r -> refused.increment();
            case ProcessorAnswer.NotPerformed n -> notPerformed.increment();
            case ProcessorAnswer.Unknown u -> unknown.increment();
            default -> answered.increment();
        }
        durations.accept(nanos);
    }

    /** Where each call's duration (nanoseconds) goes. */
    public void observe(LongConsumer observer) {
        durations = observer;
    }

    /** Calls the processor answered with an outcome (a charge, a refund, a decline, or its record of a key). */
    public long answered() {
        return answered.sum();
    }

    /** Calls it refused (4xx): it did nothing. */
    public long refused() {
        return refused.sum();
    }

    /** Calls that never reached it (connection refused, 503 on every attempt, breaker open). */
    public long notPerformed() {
        return notPerformed.sum();
    }

    /** Calls whose outcome stayed unknown after every attempt: settled by key afterwards. */
    public long unknown() {
        return unknown.sum();
    }
}
