package dev.settle.store.outbox;

import dev.settle.events.EventType;
import dev.settle.ledger.UInt128;

/**
 * An event about something outside the ledger's engine (a tenant's key or status), written in
 * the ledger's event log after the events of its batch's ledger changes.
 */
public record NotedEvent(EventType type, UInt128 objectId) {
    public NotedEvent {
        if (type.isLedgerChange()) {
            throw new IllegalArgumentException(type.typeName() + " events come from the ledger's changes");
        }
    }
}
