package dev.settle.webhooks;

import dev.settle.ledger.UInt128;
import dev.settle.pod.PodCommand.StoreOp;
import dev.settle.pod.StoreWrites;
import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The relay's durable state: each ledger's fan-out cursor, every delivery, and the queue of due
 * deliveries and dead letters ({@link DeliveryKeys}). Read from the store, written through
 * {@link StoreWrites} (to the store on a single node, through the pod on a cluster). Writes are
 * not synced unless a caller is answered after them: each is atomic, and whatever a power loss
 * takes back is redone (the events are durable), which can only deliver an event again, never
 * lose one.
 */
final class DeliveryStore {
    /** Queue entries moved per write when an endpoint's queue is emptied into the dead letters. */
    private static final int ENTRIES_PER_WRITE_MAX = 1024;
    private static final byte[] CURSOR_SUFFIX = "relay_cursor".getBytes(StandardCharsets.US_ASCII);
    /** A queue entry's value: nothing, its key says it all. */
    private static final byte[] QUEUE_ENTRY = new byte[0];
    private final LedgerStore store;
    private final StoreWrites writes;

    DeliveryStore(LedgerStore store, StoreWrites writes) {
        this.store = store;
        this.writes = writes;
    }

    /** The last event sequence of the ledger that was fanned out; 0 before the first. */
    long cursor(int ledger) {
        byte[] value = store.get(ColumnFamily.DEFAULT, cursorKey(ledger));
        return value == null ? 0 : Bytes.getLong(value, 0);
    }

    /** Queues new deliveries and moves the ledger's cursor, atomically. */
    void fanOut(int ledger, long cursor, List<Delivery> deliveries) {
        List<StoreOp> ops = new ArrayList<>(deliveries.size() * 2 + 1);
        for (Delivery d : deliveries) {
            put(ops, d);
            enqueue(ops, d);
        }
        byte[] value = new byte[8];
        Bytes.putLong(value, 0, cursor);
        ops.add(StoreOp.put(ColumnFamily.DEFAULT, cursorKey(ledger), value)); // last: see StoreWrites
        writes.write(ledger, ops, false);
    }

    Delivery get(int ledger, UInt128 endpoint, long sequence) {
        byte[] value = store.get(ColumnFamily.WEBHOOK_DELIVERIES, DeliveryKeys.delivery(ledger, endpoint, sequence));
        return value == null ? null : DeliveryCodec.decode(ledger, endpoint, sequence, value);
    }

    /** A due delivery's queue entry. */
    record Due(long sequence, long dueMillis) {}

    /** What is due on an endpoint's queue: up to {@code max} entries due by now, and when the next one is. */
    record DueScan(List<Due> due, long nextDueMillis) {}

    /** Up to {@code max} of the endpoint's queued deliveries, earliest first (scans past deleted entries: not hot). */
    List<Due> queued(int ledger, UInt128 endpoint, int max) {
        List<Due> queued = new ArrayList<>();
        byte[] prefix = DeliveryKeys.queuePrefix(DeliveryKeys.DUE, ledger, endpoint);
        try (StoreIterator it = store.iterator(ColumnFamily.WEBHOOK_QUEUE)) {
            for (it.seek(prefix); it.isValid() && DeliveryKeys.startsWith(it.key(), prefix) && queued.size() < max;
                    it.next()) {
                queued.add(new Due(DeliveryKeys.sequenceOfDue(it.key()), DeliveryKeys.dueMillisOf(it.key())));
            }
        }
        return queued;
    }

    /** Stores a delivery after an attempt, taking it off the queue at {@code dueMillis} and queueing what follows. */
    void recordAttempt(Delivery updated, long dueMillis) {
        List<StoreOp> ops = new ArrayList<>(3);
        put(ops, updated);
        ops.add(StoreOp.delete(ColumnFamily.WEBHOOK_QUEUE,
                DeliveryKeys.due(updated.ledger(), updated.endpointId(), dueMillis, updated.sequence())));
        enqueue(ops, updated);
        writes.write(updated.ledger(), ops, false);
    }

    /** Every due delivery of the endpoint becomes a dead letter (the endpoint was disabled); returns how many. */
    int abandonQueue(int ledger, UInt128 endpoint) {
        byte[] prefix = DeliveryKeys.queuePrefix(DeliveryKeys.DUE, ledger, endpoint);
        int moved = 0;
        while (true) {
            List<byte[]> keys = new ArrayList<>();
            try (StoreIterator it = store.iterator(ColumnFamily.WEBHOOK_QUEUE)) {
                for (it.seek(prefix); it.isValid() && DeliveryKeys.startsWith(it.key(), prefix)
                        && keys.size() < ENTRIES_PER_WRITE_MAX; it.next()) {
                    keys.add(it.key());
                }
            }
            if (keys.isEmpty()) {
                return moved;
            }
            List<StoreOp> ops = new ArrayList<>(keys.size() * 3);
            for (byte[] key : keys) {
                ops.add(StoreOp.delete(ColumnFamily.WEBHOOK_QUEUE, key));
                Delivery d = get(ledger, endpoint, DeliveryKeys.sequenceOfDue(key));
                if (d != null && d.status() == DeliveryStatus.PENDING) {
                    Delivery dead = d.abandoned();
                    put(ops, dead);
                    enqueue(ops, dead);
                }
            }
            writes.write(ledger, ops, false);
            moved += keys.size();
        }
    }

    /**
     * Queues deliveries again (a replay): dead letters, delivered events, or events never
     * delivered to this endpoint, in one synced write, so the replay is durable before it is
     * acknowledged. Returns the sequences queued (those already queued are skipped).
     */
    List<Long> requeue(int ledger, UInt128 endpoint, List<Long> sequences, long nowMillis) {
        List<Long> queuedSequences = new ArrayList<>();
        List<StoreOp> ops = new ArrayList<>(sequences.size() * 3);
        for (long sequence : sequences) {
            Delivery existing = get(ledger, endpoint, sequence);
            if (existing != null && existing.status() == DeliveryStatus.PENDING || queuedSequences.contains(sequence)) {
                continue;
            }
            Delivery queued = existing == null ? Delivery.queued(ledger, endpoint, sequence, nowMillis)
                    : existing.requeued(nowMillis);
            ops.add(StoreOp.delete(ColumnFamily.WEBHOOK_QUEUE, DeliveryKeys.dead(ledger, endpoint, sequence)));
            put(ops, queued);
            enqueue(ops, queued);
            queuedSequences.add(sequence);
        }
        if (!queuedSequences.isEmpty()) {
            writes.write(ledger, ops, true);
        }
        return queuedSequences;
    }

    /** Dead letters of the endpoint with a sequence below {@code before}, newest first, that match. */
    List<Long> deadLetters(int ledger, UInt128 endpoint, long before, int limit, LongPredicate filter) {
        List<Long> sequences = new ArrayList<>();
        byte[] prefix = DeliveryKeys.queuePrefix(DeliveryKeys.DEAD, ledger, endpoint);
        try (StoreIterator it = store.iterator(ColumnFamily.WEBHOOK_QUEUE)) {
            it.seekForPrev(DeliveryKeys.dead(ledger, endpoint, before - 1));
            for (; it.isValid() && DeliveryKeys.startsWith(it.key(), prefix) && sequences.size() < limit; it.prev()) {
                long sequence = DeliveryKeys.sequenceOfDead(it.key());
                if (filter.test(sequence)) {
                    sequences.add(sequence);
                }
            }
        }
        return sequences;
    }

    /** Forgets every delivery of a deleted endpoint. */
    void deleteEndpoint(int ledger, UInt128 endpoint) {
        List<StoreOp> ops = new ArrayList<>(3);
        byte[] deliveries = DeliveryKeys.deliveryPrefix(ledger, endpoint);
        ops.add(StoreOp.deleteRange(ColumnFamily.WEBHOOK_DELIVERIES, deliveries, DeliveryKeys.after(deliveries)));
        for (int kind : new int[] {DeliveryKeys.DUE, DeliveryKeys.DEAD}) {
            byte[] queue = DeliveryKeys.queuePrefix(kind, ledger, endpoint);
            ops.add(StoreOp.deleteRange(ColumnFamily.WEBHOOK_QUEUE, queue, DeliveryKeys.after(queue)));
        }
        writes.write(ledger, ops, false);
    }

    /** Forgets the endpoint's deliveries of events below {@code sequence} (retention). */
    void deleteBefore(int ledger, UInt128 endpoint, long sequence) {
        writes.write(ledger, List.of(
                StoreOp.deleteRange(ColumnFamily.WEBHOOK_DELIVERIES, DeliveryKeys.delivery(ledger, endpoint, 0),
                        DeliveryKeys.delivery(ledger, endpoint, sequence)),
                StoreOp.deleteRange(ColumnFamily.WEBHOOK_QUEUE, DeliveryKeys.dead(ledger, endpoint, 0),
                        DeliveryKeys.dead(ledger, endpoint, sequence))), false);
    }

    private static void put(List<StoreOp> ops, Delivery d) {
        ops.add(StoreOp.put(ColumnFamily.WEBHOOK_DELIVERIES,
                DeliveryKeys.delivery(d.ledger(), d.endpointId(), d.sequence()), DeliveryCodec.encode(d)));
    }

    private static void enqueue(List<StoreOp> ops, Delivery d) {
        switch (d.status()) {
            case PENDING -> ops.add(StoreOp.put(ColumnFamily.WEBHOOK_QUEUE,
                    DeliveryKeys.due(d.ledger(), d.endpointId(), d.nextAttemptMillis(), d.sequence()), QUEUE_ENTRY));
            case FAILED -> ops.add(StoreOp.put(ColumnFamily.WEBHOOK_QUEUE,
                    DeliveryKeys.dead(d.ledger(), d.endpointId(), d.sequence()), QUEUE_ENTRY));
            case SUCCEEDED -> { }
        }
    }

    private static byte[] cursorKey(int ledger) {
        return StoreLayout.ledgerKey(ledger, CURSOR_SUFFIX);
    }
}
