package dev.settle.store.outbox;

import dev.settle.events.EventType;
import dev.settle.ledger.UInt128;

/**
 * An event about something outside the ledger's engine (a tenant's key or status, a payment
 * intent), written in the ledger's event log after the events of its batch's ledger changes.
 *
 * @param objectVersion the version of the object the event shows (a payment intent's, whose every
 *     version is kept), or {@link #CURRENT} for an object shown as it is now (a key, a tenant)
 */
public record NotedEvent(EventType type, UInt128 objectId, long objectVersion) {
    /** The event shows its object as it is when read. */
    public static final long CURRENT = 0;

    public NotedEvent {
        if (type.isLedgerChange()) {
            throw new IllegalArgumentException(type.typeName() + " events come from the ledger's changes");
        }
        if (objectVersion < 0) {
            throw new IllegalArgumentException("an object version is not negative");
        }
    }

    /** An event that shows its object as it is when read. */
    public NotedEvent(EventType type, UInt128 objectId) {
        this(type, objectId, CURRENT);
    }
}
