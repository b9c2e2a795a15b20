package dev.settle.processorsim;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs operations under the idempotency and durability rules: one operation at a time decides
 * and logs (a global lock; simplicity over speed), and nothing is answered, or shown to a reader,
 * before the log entries it rests on are on disk. Forcing happens outside the lock, so operations
 * arriving together share one force.
 */
final class Processor {
    private final ReentrantLock lock = new ReentrantLock();
    private final ProcessorState state;
    private final OperationLog log;

    /** A mutating request's rule, run under the lock once the key is known to be unused. */
    @FunctionalInterface
    interface Mutation {
        Effect perform() throws ApiException;
    }

    /**
     * The answer to give to a mutating request.
     *
     * @param performed whether this request did the operation (false: a replayed answer)
     * @param slow whether the answer is to be delayed by the slow-card delay
     */
    record Outcome(RecordedAnswer answer, boolean performed, boolean slow) {}

    Processor(ProcessorState state, OperationLog log) {
        this.state = state;
        this.log = log;
    }

    /**
     * Performs {@code mutation} under {@code key}, or gives back the answer already recorded
     * under it. A fenced key is refused; a refused mutation records nothing.
     */
    Outcome mutate(String key, Mutation mutation) throws ApiException, IOException {
        Outcome outcome;
        lock.lock();
        try {
            OptionalLong fence = state.fence(key);
            if (fence.isPresent()) {
                log.awaitDurable(fence.getAsLong());
                throw new ApiException(409, ApiException.INVALID_REQUEST, "idempotency_key_fenced",
                        "idempotency key '" + key + "' was fenced; use a new key");
            }
            Optional<RecordedAnswer> recorded = state.answer(key);
            if (recorded.isPresent()) {
                outcome = new Outcome(recorded.get(), false, false);
            } else {
                Effect effect = mutation.perform();
                var entry = LogEntry.operation(key, effect);
                long sequence = log.append(entry);
                state.apply(entry, sequence);
                outcome = new Outcome(state.answer(key).orElseThrow(), true, effect.slow());
            }
        } finally {
            lock.unlock();
        }
        log.awaitDurable(outcome.answer().sequence());
        return outcome;
    }

    /**
     * Settles what happened under {@code key}: the recorded answer if there is one, else the key
     * is fenced for good (empty result), so that a request still in flight with it can never be
     * performed later.
     */
    Optional<RecordedAnswer> fence(String key) throws IOException {
        Optional<RecordedAnswer> recorded;
        long sequence;
        lock.lock();
        try {
            recorded = state.answer(key);
            OptionalLong fence = state.fence(key);
            if (recorded.isPresent()) {
                sequence = recorded.get().sequence();
            } else if (fence.isPresent()) {
                sequence = fence.getAsLong();
            } else {
                var entry = LogEntry.fence(key);
                sequence = log.append(entry);
                state.apply(entry, sequence);
            }
        } finally {
            lock.unlock();
        }
        log.awaitDurable(sequence);
        return recorded;
    }

    Optional<RecordedAnswer> operation(String key) throws IOException {
        Optional<RecordedAnswer> recorded = state.answer(key);
        if (recorded.isPresent()) {
            log.awaitDurable(recorded.get().sequence());
        }
        return recorded;
    }

    Optional<Charge> charge(String id) throws IOException {
        Optional<Charge> charge = state.charge(id);
        log.awaitAllDurable();
        return charge;
    }

    String settlementReport(LocalDate day) throws IOException {
        String report = SettlementReport.render(day, state.charges(), state.refunds(), state::charge);
        log.awaitAllDurable();
        return report;
    }
}
