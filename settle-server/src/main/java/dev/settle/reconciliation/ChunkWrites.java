package dev.settle.reconciliation;

import dev.settle.pod.AlreadyAnswered;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.Futures;
import dev.settle.pod.GuardedOutcome;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.outbox.NotedEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a run's writes to the tenant's pod as guarded records, several in flight so that the
 * pod's group commit carries them together, and hands each outcome back in order. A chunk that
 * came back stale (another write changed what it guarded on) is redone by its owner.
 */
final class ChunkWrites {
    static final int IN_FLIGHT_MAX = 4;
    private static final byte[] ABSENT = new byte[0];

    /** One chunk being put together. */
    static final class Chunk {
        final List<PodCommand.Put> expected = new ArrayList<>();
        final List<PodCommand.Put> writes = new ArrayList<>();
        final List<NotedEvent> events = new ArrayList<>();

        void expectAbsent(byte[] key) {
            expected.add(new PodCommand.Put(ColumnFamily.RECONCILIATION, key, ABSENT));
        }

        void expect(byte[] key, byte[] value) {
            expected.add(new PodCommand.Put(ColumnFamily.RECONCILIATION, key, value == null ? ABSENT : value));
        }

        void put(byte[] key, byte[] value) {
            writes.add(new PodCommand.Put(ColumnFamily.RECONCILIATION, key, value));
        }

        void delete(byte[] key) {
            writes.add(PodCommand.Put.deletion(ColumnFamily.RECONCILIATION, key));
        }

        boolean isEmpty() {
            return writes.isEmpty();
        }

        /** True once it holds about as much as one write should. */
        boolean isFull() {
            return writes.size() >= PodCommand.GuardedRecords.WRITES_MAX - 64
                    || expected.size() >= PodCommand.GuardedRecords.EXPECTED_MAX - 64
                    || events.size() >= PodCommand.GuardedRecords.NOTED_EVENTS_MAX - 8;
        }
    }

    /** What the caller gets back for each chunk: its tag and whether it applied. */
    interface Outcomes<T> {
        void applied(T tag);

        void stale(T tag);
    }

    private record InFlight<T>(T tag, CompletableFuture<GuardedOutcome> outcome) {}

    private final Pods pods;
    private final int ledger;

    ChunkWrites(Pods pods, int ledger) {
        this.pods = pods;
        this.ledger = ledger;
    }

    /** A pipeline that reports each chunk's outcome, in order, to {@code outcomes}. */
    <T> Pipeline<T> pipeline(Outcomes<T> outcomes) {
        return new Pipeline<>(outcomes);
    }

    /** Writes one chunk and waits: true when it applied, false when stale. */
    boolean writeNow(Chunk chunk) {
        return Futures.await(submit(chunk)).applied();
    }

    /**
     * Writes one chunk with the answer to store under the request's idempotency key (null: none)
     * and waits: its outcome, or the stored answer of an earlier request with the same key.
     */
    Object writeAnswered(Chunk chunk, DurableResponse answer) {
        Object outcome = Futures.await(pods.submit(command(chunk), answer));
        return outcome instanceof AlreadyAnswered answered ? answered : ((GuardedOutcome) outcome);
    }

    private CompletableFuture<GuardedOutcome> submit(Chunk chunk) {
        return pods.submit(command(chunk), null);
    }

    private PodCommand.GuardedRecords command(Chunk chunk) {
        return new PodCommand.GuardedRecords(ledger, chunk.expected, chunk.writes, chunk.events);
    }

    final class Pipeline<T> {
        private final ArrayDeque<InFlight<T>> inFlight = new ArrayDeque<>();
        private final Outcomes<T> outcomes;

        private Pipeline(Outcomes<T> outcomes) {
            this.outcomes = outcomes;
        }

        void send(Chunk chunk, T tag) {
            if (chunk.isEmpty()) {
                outcomes.applied(tag);
                return;
            }
            while (inFlight.size() >= IN_FLIGHT_MAX) {
                settleOldest();
            }
            inFlight.add(new InFlight<>(tag, submit(chunk)));
        }

        /** Waits for every chunk sent. */
        void drain() {
            while (!inFlight.isEmpty()) {
                settleOldest();
            }
        }

        private void settleOldest() {
            InFlight<T> oldest = inFlight.poll();
            if (Futures.await(oldest.outcome()).applied()) {
                outcomes.applied(oldest.tag());
            } else {
                outcomes.stale(oldest.tag());
            }
        }
    }
}
