package dev.settle.processorsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the processor knows, in memory: charges, refunds, recorded answers and fences. It
 * changes only by {@link #apply} of a log entry, both live and on replay, so the state rebuilt at
 * start is the state that was answered from. Writers are serialized by {@link Processor}; readers
 * read the concurrent maps directly.
 */
final class ProcessorState {
    /** The sequence number of entries replayed at start: already durable. */
    static final long REPLAYED = 0;

    private final Map<String, Charge> charges = new ConcurrentHashMap<>();
    private final Map<String, Refund> refunds = new ConcurrentHashMap<>();
    private final Map<String, RecordedAnswer> answers = new ConcurrentHashMap<>();
    private final Map<String, Long> fences = new ConcurrentHashMap<>();

    /** Puts back one entry read from the log at start. */
    void replay(ObjectNode entry) {
        apply(entry, REPLAYED);
    }

    /** Applies one log entry; {@code sequence} is its place in the log. */
    void apply(JsonNode entry, long sequence) {
        if (LogEntry.isFence(entry)) {
            fences.putIfAbsent(LogEntry.key(entry), sequence);
            return;
        }
        RecordedAnswer answer = LogEntry.answer(entry, sequence);
        Charge charge = Charge.fromJson(entry.get(LogEntry.CHARGE));
        if (entry.hasNonNull(LogEntry.REFUND)) {
            Refund refund = Refund.fromJson(entry.get(LogEntry.REFUND));
            refunds.put(refund.id(), refund);
        }
        charges.put(charge.id(), charge);
        answers.put(answer.key(), answer);
    }

    Optional<Charge> charge(String id) {
        return Optional.ofNullable(charges.get(id));
    }

    Optional<RecordedAnswer> answer(String key) {
        return Optional.ofNullable(answers.get(key));
    }

    /** The sequence number of the fence on {@code key}, if it is fenced. */
    OptionalLong fence(String key) {
        Long sequence = fences.get(key);
        return sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence);
    }

    Collection<Charge> charges() {
        return Collections.unmodifiableCollection(charges.values());
    }

    Collection<Refund> refunds() {
        return Collections.unmodifiableCollection(refunds.values());
    }
}
