package dev.settle.pod;

import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.Invariants;
import dev.settle.ledger.StateDigest;
import dev.settle.ledger.TransferResults;
import dev.settle.store.BatchEncoder;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.WriteBatchRep;
import dev.settle.store.outbox.EventTraces;
import dev.settle.store.outbox.NotedEvent;
import dev.settle.store.outbox.OutboxWriter;
import dev.settle.tracing.TraceParent;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A pod's ledgers as one deterministic state machine (see {@link PodStateMachine}): each batch
 * is routed to its ledgers in ledger-number order, the ids it may look up are read in one go,
 * each ledger's engine applies its share, and everything the batch changed — ledger records,
 * events (the outbox), stored answers — is encoded into one write batch.
 *
 * <p>Applying, releasing and the deadline are the applying thread's; publishing and the read
 * models are safe from any thread.
 */
public final class LedgerStateMachine implements PodStateMachine {
    private static final byte[] EMPTY = new byte[0];
    private final PodMembership ledgers;
    private final BatchEncoder encoder;
    private final OutboxWriter outbox = new OutboxWriter();
    private final int idempotencyFamily;
    private final int eventsFamily;
    private final int[] families;
    /** The events of the ledger being applied that no engine change makes. */
    private final List<NotedEvent> noted = new ArrayList<>();
    private final WriteBatchRep rep = new WriteBatchRep();
    /** The trace contexts of the ledger being applied, for its events. */
    private final EventTraces eventTraces = new EventTraces();
    /** Batches applied but not yet released, oldest first. */
    private final Deque<AppliedBatch> unreleased = new ArrayDeque<>();
    private final PodRecovery recovery;
    private long appliedSequence;
    private final LedgerStore store;
    private volatile Consumer<PodCommand.Put> recordListener = put -> { };
    /** What batches not yet released wrote, over the store: every answer and record an apply may read. */
    private final RecentRecords recent;
    /** Claims of created ledgers applied since start: with the store, every claim ever made. */
    private final Set<ByteBuffer> claimed = new HashSet<>();
    /** This batch's records put outside the engines, in order: written with it, then told to the registries. */
    private final List<PodCommand.Put> recorded = new ArrayList<>();
    /** Of {@link #recorded}, those of created ledgers: decided while routing, written once the batch's write starts. */
    private final List<PodCommand.Put> createdRecords = new ArrayList<>();

    private LedgerStateMachine(LedgerStore store, List<PodLedger> recovered, PodRecovery recovery) {
        this.store = store;
        this.recent = new RecentRecords(store);
        this.ledgers = new PodMembership(store, recovered);
        this.recovery = recovery;
        this.families = store.columnFamilyIds();
        this.encoder = new BatchEncoder(families, store.options().checkpointBatches());
        this.idempotencyFamily = families[ColumnFamily.IDEMPOTENCY.ordinal()];
        this.eventsFamily = families[ColumnFamily.EVENTS.ordinal()];
        recovered.forEach(this::restoreEncoding);
    }

    /**
     * Loads the ledgers from the store (Ratis' {@code reinitialize}): accounts, balances and open
     * pending transfers; their stored transfer ids follow in the background ({@link TransferIdLoader}).
     */
    public static LedgerStateMachine recover(LedgerStore store, Collection<Integer> ledgerNumbers) {
        long started = System.nanoTime();
        List<PodLedger> recovered = new ArrayList<>();
        long accounts = 0;
        long pendings = 0;
        for (int number : ledgerNumbers) {
            PodLedger ledger = PodLedger.recover(store, number);
            recovered.add(ledger);
            accounts += ledger.recovery.accounts();
            pendings += ledger.recovery.openPendingTransfers();
        }
        PodRecovery summary = new PodRecovery(recovered.size(), accounts, pendings,
                (System.nanoTime() - started) / 1_000_000);
        return new LedgerStateMachine(store, recovered, summary);
    }

    @Override
    public AppliedBatch apply(PodBatch batch) {
        Invariants.check(batch.sequence() == appliedSequence + 1, "pod batches apply in sequence");
        appliedSequence = batch.sequence();
        List<PodBatch.Entry> entries = batch.entries();
        Object[] outcomes = new Object[entries.size()];
        boolean everyLedger = route(entries, outcomes, batch.timeNanos());
        long now = batch.timeNanos();
        List<PodLedger> touched = new ArrayList<>();
        for (PodLedger ledger : ledgers.all()) {
            ledger.installRestoredIds();
            if (everyLedger || ledger.hasWork(now)) {
                touched.add(ledger);
                prefetch(ledger, entries, now);
            }
        }
        rep.reset();
        recorded.clear();
        for (PodCommand.Put put : createdRecords) {
            putRecord(put);
        }
        createdRecords.clear();
        List<AppliedBatch.LedgerBatch> ledgerBatches = new ArrayList<>(touched.size());
        List<AppliedBatch.ReadModelUpdate> updates = new ArrayList<>(touched.size());
        for (PodLedger ledger : touched) {
            updates.add(applyLedger(ledger, entries, now, outcomes));
            ledgerBatches.add(new AppliedBatch.LedgerBatch(ledger.number, ledger.engine.batchSequence()));
        }
        for (int number : ledgers.dropLeaving()) {
            encoder.forget(number);
            outbox.forget(number);
        }
        AppliedBatch applied = new AppliedBatch(batch.sequence(), rep.toBytes(), outcomes, ledgerBatches, updates,
                recorded.isEmpty() ? List.of() : List.copyOf(recorded));
        unreleased.addLast(applied);
        return applied;
    }

    /**
     * Hands each ledger command to its ledger, in batch order, and makes the membership changes as
     * they come; returns true when some entry concerns every ledger. An entry for a ledger that
     * is not here, or that a removal earlier in the batch sends away, is refused unapplied.
     */
    private boolean route(List<PodBatch.Entry> entries, Object[] outcomes, long timeNanos) {
        boolean everyLedger = false;
        for (int i = 0; i < entries.size(); i++) {
            PodCommand<?> command = entries.get(i).command();
            switch (command) {
                case PodCommand.AddLedger add -> {
                    PodLedger installed = ledgers.install(add.ledger());
                    if (installed != null) {
                        restoreEncoding(installed);
                    }
                }
                case PodCommand.RemoveLedger remove -> ledgers.markLeaving(remove.ledger());
                case PodCommand.CreateLedger create -> outcomes[i] = create(create, entries.get(i).response(),
                        timeNanos);
                case PodCommand.Barrier barrier -> everyLedger = true;
                default -> {
                    PodLedger ledger = ledgers.routable(command.ledger());
                    if (ledger == null) {
                        outcomes[i] = new LedgerMovedException("the pod does not hold ledger " + command.ledger());
                    } else {
                        ledger.addEntry(i);
                    }
                }
            }
        }
        return everyLedger;
    }

    /** Reads, in one go, every stored id the ledger's entries may ask about. */
    private static void prefetch(PodLedger ledger, List<PodBatch.Entry> entries, long nowNanos) {
        ledger.prefetch.clear();
        for (int k = 0; k < ledger.entryCount(); k++) {
            CommandRunner.collectIds(entries.get(ledger.entry(k)).command(), ledger.prefetch, ledger.engine, nowNanos);
        }
        ledger.prefetch.fetch();
    }

    /** Applies one ledger's share of the batch and encodes it; returns what its read model learns once durable. */
    private AppliedBatch.ReadModelUpdate applyLedger(PodLedger ledger, List<PodBatch.Entry> entries, long nowNanos,
            Object[] outcomes) {
        eventTraces.clear();
        ledger.engine.beginBatch(nowNanos, ledger.prefetch);
        for (int k = 0; k < ledger.entryCount(); k++) {
            int index = ledger.entry(k);
            PodBatch.Entry entry = entries.get(index);
            TraceParent trace = entry.trace();
            // What it creates gets timestamps after this one: its events carry its trace context.
            long timestampBefore = trace == null ? 0 : ledger.engine.lastTimestamp();
            byte[] earlier = entry.response() == null ? null
                    : recent.current(ColumnFamily.IDEMPOTENCY, entry.response().key());
            if (earlier != null && !entry.response().renderer().supersedes(entry.response().data(), earlier)) {
                // The key was answered first by an earlier entry (another node's, or a retry's):
                // this one is not applied, and its caller gets the first answer.
                outcomes[index] = new AlreadyAnswered(earlier);
                continue;
            }
            Object outcome = switch (entry.command()) {
                case PodCommand.RecordChange change -> record(change);
                case PodCommand.StoreChange change -> write(change);
                case PodCommand.GuardedChange change -> guarded(change, ledger);
                case PodCommand.GuardedRecords change -> guarded(change);
                default -> CommandRunner.apply(entry.command(), ledger.engine);
            };
            outcomes[index] = outcome;
            if (trace != null) {
                eventTraces.add(timestampBefore, ledger.engine.lastTimestamp(), trace);
            }
            if (entry.response() != null && !(outcome instanceof GuardedOutcome g && !g.applied())) {
                byte[] answer = entry.response().render(entry.command(), outcome, nowNanos);
                rep.put(idempotencyFamily, entry.response().key(), answer);
                recent.put(ColumnFamily.IDEMPOTENCY, entry.response().key(), answer, appliedSequence);
            }
        }
        ledger.clearEntries();
        BatchChanges changes = ledger.engine.endBatch();
        encoder.encode(ledger.number, changes, rep);
        outbox.encode(ledger.number, changes, eventTraces, rep, eventsFamily);
        if (!noted.isEmpty()) {
            // After the batch's ledger events, and never before them in time.
            outbox.encodeNoted(ledger.number, noted, Math.max(nowNanos, ledger.engine.lastTimestamp()), rep,
                    eventsFamily);
            noted.clear();
        }
        return new AppliedBatch.ReadModelUpdate(ledger.readModel, AccountReadModel.Delta.of(changes));
    }

    /**
     * Creates a ledger unless one of its claims is taken (by the store, or by a creation applied
     * since start that may not be written yet); returns {@link PodCommand.CreateLedger#CREATED} or
     * the index of the first taken claim. Its answer ({@code response}) is stored only when created.
     */
    private Integer create(PodCommand.CreateLedger create, DurableResponse response, long timeNanos) {
        List<PodCommand.Put> claims = create.claims();
        for (int k = 0; k < claims.size(); k++) {
            PodCommand.Put claim = claims.get(k);
            if (claimed.contains(ByteBuffer.wrap(claim.key())) || store.get(claim.family(), claim.key()) != null) {
                return k;
            }
        }
        for (PodCommand.Put claim : claims) {
            claimed.add(ByteBuffer.wrap(claim.key().clone()));
        }
        createdRecords.addAll(claims);
        createdRecords.addAll(create.writes());
        if (response != null) {
            createdRecords.add(new PodCommand.Put(ColumnFamily.IDEMPOTENCY, response.key(),
                    response.render(create, PodCommand.CreateLedger.CREATED, timeNanos)));
        }
        PodLedger installed = ledgers.install(create.ledger());
        if (installed != null) {
            restoreEncoding(installed);
        }
        return PodCommand.CreateLedger.CREATED;
    }

    /**
     * Applies a guarded change: nothing when a record is not as expected or a transfer fails,
     * else its transfers, records and events.
     */
    private GuardedOutcome guarded(PodCommand.GuardedChange change, PodLedger ledger) {
        if (!asExpected(change.expected())) {
            return GuardedOutcome.STALE;
        }
        TransferResults failed = CommandRunner.guardedTransfers(change.transfers(), ledger.engine);
        if (failed != null) {
            return new GuardedOutcome(GuardedOutcome.Status.REFUSED, failed);
        }
        for (PodCommand.Put put : change.writes()) {
            putRecord(put);
        }
        noted.addAll(change.noted());
        return GuardedOutcome.APPLIED;
    }

    /** Applies guarded records: nothing when one is not as expected, else its records and events. */
    private GuardedOutcome guarded(PodCommand.GuardedRecords change) {
        if (!asExpected(change.expected())) {
            return GuardedOutcome.STALE;
        }
        for (PodCommand.Put put : change.writes()) {
            putRecord(put);
        }
        noted.addAll(change.noted());
        return GuardedOutcome.APPLIED;
    }

    private boolean asExpected(List<PodCommand.Put> expected) {
        for (PodCommand.Put put : expected) {
            byte[] current = recent.current(put.family(), put.key());
            if (!Arrays.equals(current == null ? EMPTY : current, put.value())) {
                return false;
            }
        }
        return true;
    }

    private void putRecord(PodCommand.Put put) {
        recent.put(put.family(), put.key(), put.value(), appliedSequence);
        if (put.isDeletion()) {
            rep.delete(families[put.family().ordinal()], put.key());
        } else {
            rep.put(families[put.family().ordinal()], put.key(), put.value());
        }
        recorded.add(put);
    }

    /** Puts a change's records in the batch and keeps its events for after the ledger's; it has no outcome. */
    private Object record(PodCommand.RecordChange change) {
        for (PodCommand.Put put : change.writes()) {
            putRecord(put);
        }
        noted.addAll(change.noted());
        return null;
    }

    /** Writes a service's bookkeeping in the batch, as given; it has no outcome. */
    private Object write(PodCommand.StoreChange change) {
        for (PodCommand.StoreOp op : change.ops()) {
            int family = families[op.family().ordinal()];
            switch (op.kind()) {
                case PUT -> rep.put(family, op.key(), op.value());
                case DELETE -> rep.delete(family, op.key());
                case DELETE_RANGE -> rep.deleteRange(family, op.key(), op.value());
            }
        }
        return null;
    }

    /** A ledger's encoding state as the store has it: its balance checkpoint and its next event. */
    private void restoreEncoding(PodLedger ledger) {
        encoder.restoreJournal(ledger.number, ledger.recovery.checkpointSequence(),
                ledger.recovery.changedSinceCheckpoint());
        outbox.restore(ledger.number, ledger.nextEventSequence);
    }

    @Override
    public void publish(AppliedBatch durable) {
        for (AppliedBatch.ReadModelUpdate update : durable.readModelUpdates()) {
            update.apply();
        }
        for (PodCommand.Put put : durable.recorded()) {
            recordListener.accept(put);
        }
    }

    /** See {@link Pod#onRecorded}. */
    void onRecorded(Consumer<PodCommand.Put> listener) {
        recordListener = listener;
    }

    @Override
    public void releaseThrough(long sequence) {
        recent.releaseThrough(sequence);
        while (!unreleased.isEmpty() && unreleased.peekFirst().sequence() <= sequence) {
            for (AppliedBatch.LedgerBatch share : unreleased.removeFirst().ledgerBatches()) {
                PodLedger ledger = ledgers.get(share.ledger());
                if (ledger != null) { // null once removed: its engine is gone with what it held
                    ledger.engine.releaseThrough(share.engineSequence());
                }
            }
        }
    }

    @Override
    public long nextDeadlineNanos() {
        long next = Long.MAX_VALUE;
        for (PodLedger ledger : ledgers.all()) {
            next = Math.min(next, ledger.engine.nextExpiryAt());
        }
        return next;
    }

    @Override
    public AccountReadModel accounts(int ledger) {
        PodLedger found = ledgers.get(ledger);
        return found == null ? null : found.readModel;
    }

    @Override
    public boolean hasLedger(int ledger) {
        return ledgers.holds(ledger);
    }

    @Override
    public int ledgerCount() {
        return ledgers.count();
    }

    /** Recovers a ledger that a later {@link PodCommand.AddLedger} adds, on the calling thread. */
    void prepare(int ledger) {
        ledgers.prepare(ledger);
    }

    /** What was loaded at start. */
    PodRecovery recovery() {
        return recovery;
    }

    /** The ledgers held now (for the id loader at start). */
    List<PodLedger> ledgers() {
        return List.copyOf(ledgers.all());
    }

    /** Stored transfer ids restored so far, or -1 while some ledger is still loading them. */
    long restoredTransferIds() {
        long total = 0;
        for (PodLedger ledger : ledgers.all()) {
            if (ledger.restoredIdCount < 0) {
                return -1;
            }
            total += ledger.restoredIdCount;
        }
        return total;
    }

    /** Lookups the engines made of ids that were not prefetched (a bug if nonzero; see StorePrefetch). */
    long unplannedReads() {
        return ledgers.all().stream().mapToLong(l -> l.prefetch.unplannedReads()).sum();
    }

    /** The digest of a ledger's state; only when no thread applies batches. */
    String stateDigest(int ledger) {
        return StateDigest.of(ledgers.get(ledger).engine);
    }
}
