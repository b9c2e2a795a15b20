package dev.settle.events;

import dev.settle.ledger.Invariants;
import dev.settle.ledger.UInt128;
import dev.settle.tracing.TraceParent;

/**
 * One stored event: its ledger and sequence number (its identity), what happened, when (engine
 * nanoseconds), and the object it is about, by id and by the object's own timestamp (which
 * finds a transfer without the id index).
 *
 * @param trace the W3C trace context of the request that caused it, which its webhook deliveries
 *     carry on; null when that request came untraced, and always for expiries (no request causes them)
 */
public record Event(int ledger, long sequence, EventType type, long createdNanos, long objectTimestamp,
        UInt128 objectId, TraceParent trace) {
    public Event {
        Invariants.check(sequence > 0, "event sequences start at 1");
    }

    public String id() {
        return EventIds.format(ledger, sequence);
    }
}
