package dev.settle.verify;

import dev.settle.events.Event;
import dev.settle.events.EventChunks;
import dev.settle.events.EventType;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.KnownTransferId;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreReader;

/**
 * The transactional outbox holds exactly one event per change: event sequences have no gaps,
 * and every account, transfer and transaction since the oldest retained event has its event,
 * naming it by id and timestamp, with no event left over (order-independent multiset hashes, so
 * memory stays constant). Expiry events name pending transfers whose status is expired. Records
 * with trace contexts decode only when their runs are in order and within their entries (see
 * {@link EventChunks}), and no expiry carries one.
 */
final class OutboxCheck {
    static final String EVENTS_CONTIGUOUS = "event sequences have no gaps";
    static final String EVENTS_MATCH_CHANGES = "every change since the oldest retained event has exactly one event";
    static final String EVENT_TRACES = "only events that requests caused carry a trace context";

    private final LedgerStore store;
    private final int ledger;
    private final VerifyReport report;
    private final MultisetHash fromEvents = new MultisetHash();
    private final MultisetHash fromChanges = new MultisetHash();
    /** Changes at or after this engine time must have their event (older ones may be past retention). */
    private long retainedFromNanos = Long.MAX_VALUE;

    OutboxCheck(LedgerStore store, int ledger, VerifyReport report) {
        this.store = store;
        this.ledger = ledger;
        this.report = report;
        report.checked(EVENTS_CONTIGUOUS);
        report.checked(EVENTS_MATCH_CHANGES);
        report.checked(EVENT_TRACES);
    }

    /** Reads the ledger's events; run it before the changes are offered. */
    void scanEvents() {
        long expected = -1;
        long events = 0;
        try (StoreIterator it = store.iterator(ColumnFamily.EVENTS)) {
            for (it.seek(StoreLayout.ledgerPrefix(ledger)); it.isValid() && Bytes.getInt(it.key(), 0) == ledger;
                    it.next()) {
                long first = Bytes.getLong(it.key(), StoreLayout.LEDGER_BYTES);
                if (expected >= 0 && first != expected) {
                    report.problem(EVENTS_CONTIGUOUS, "ledger " + ledger + ": events jump from " + (expected - 1)
                            + " to " + first);
                }
                byte[] chunk = it.value();
                int count = EventChunks.count(chunk);
                for (int i = 0; i < count; i++) {
                    offer(EventChunks.entry(ledger, first, chunk, i));
                }
                events += count;
                expected = first + count;
            }
        }
        report.count("events", events);
    }

    private void offer(Event e) {
        if (retainedFromNanos == Long.MAX_VALUE) {
            retainedFromNanos = e.createdNanos();
        }
        if (!e.type().isLedgerChange()) {
            return; // a key's or the tenant's change: no ledger record stands behind it
        }
        if (e.type() == EventType.TRANSFER_EXPIRED) {
            if (e.trace() != null) {
                report.problem(EVENT_TRACES, "ledger " + ledger + ": expiry event " + e.id()
                        + " carries a trace context, but expiries happen at a batch's start, for no request");
            }
            if (!(StoreReader.transferId(store, ledger, e.objectId()) instanceof TransferRecord pending)
                    || pending.status() != TransferStatus.EXPIRED) {
                report.problem(EVENTS_MATCH_CHANGES, "ledger " + ledger + ": event " + e.id()
                        + " expires a transfer that is not expired");
            }
            return;
        }
        fromEvents.add(e.objectTimestamp(), e.objectId().high(), e.objectId().low() ^ e.type().code());
    }

    void account(AccountRecord a) {
        change(a.timestamp(), a.id().high(), a.id().low(), EventType.ACCOUNT_CREATED);
    }

    void transfer(TransferRecord t) {
        change(t.timestamp(), t.id().high(), t.id().low(), EventType.ofNewTransfer(t.flags()));
    }

    void transaction(TransactionRecord t) {
        change(t.timestamp(), t.id().high(), t.id().low(), EventType.TRANSACTION_CREATED);
    }

    private void change(long timestamp, long idHigh, long idLow, EventType type) {
        if (Long.compareUnsigned(timestamp, retainedFromNanos) >= 0) {
            fromChanges.add(timestamp, idHigh, idLow ^ type.code());
        }
    }

    void finish() {
        if (!fromEvents.sameAs(fromChanges)) {
            report.problem(EVENTS_MATCH_CHANGES, "ledger " + ledger + ": " + fromEvents.count() + " events name changes"
                    + " but " + fromChanges.count() + " changes happened since the oldest retained event, or they differ");
        }
    }
}
