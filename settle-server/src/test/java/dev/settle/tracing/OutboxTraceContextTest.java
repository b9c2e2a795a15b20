package dev.settle.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.events.Event;
import dev.settle.events.EventType;
import dev.settle.events.StoredEvents;
import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import dev.settle.pod.ManualClock;
import dev.settle.pod.Pod;
import dev.settle.pod.PodCommand;
import dev.settle.pod.PodConfig;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreOptions;
import dev.settle.store.WriteBatchRep;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod stores the trace context of each traced submission with the events it caused (and only
 * those), durably, times the submission's stages, and leaves untraced records as they were.
 */
class OutboxTraceContextTest {
    static final int LEDGER = 1;
    static final long USD = 1;
    static final long START_NANOS = 1_700_000_000_000_000_000L;
    static final TraceParent A = new TraceParent(0x0af7651916cd43ddL, 0x8448eb211c80319cL, 0xb7ad6b7169203331L,
            TraceParent.FLAG_SAMPLED);
    static final TraceParent B = new TraceParent(0x1111L, 0x2222L, 0x3333L, (byte) 0);
    /** Submissions in flight together, so that traced and untraced ones share batches. */
    static final int INTERLEAVED_SUBMISSIONS = 200;

    @TempDir
    Path directory;

    @Test
    void eventsCarryTheContextOfTheSubmissionThatCausedThemAfterARestart() {
        ManualClock clock = new ManualClock(START_NANOS);
        RequestTrace traced = new RequestTrace(A, null);
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults());
                Pod pod = Pod.start("trace", store, List.of(LEDGER), PodConfig.defaults(), clock)) {
            pod.submit(PodCommand.accounts(LEDGER, accounts(1, 2))).join();
            CompletableFuture<?> transfers = submitAs(traced, () -> pod.submit(PodCommand.transfers(LEDGER, transfers(
                    NewTransfer.of(UInt128.of(10), UInt128.of(1), UInt128.of(2), UInt128.of(5), USD),
                    NewTransfer.of(UInt128.of(11), UInt128.of(1), UInt128.of(2), UInt128.of(5), USD)
                            .withFlags(TransferFlags.PENDING).withTimeout(1)))));
            CompletableFuture<?> untraced = pod.submit(PodCommand.transfers(LEDGER, transfers(
                    NewTransfer.of(UInt128.of(12), UInt128.of(2), UInt128.of(1), UInt128.of(1), USD))));
            CompletableFuture<?> account = submitAs(new RequestTrace(B, null),
                    () -> pod.submit(PodCommand.accounts(LEDGER, accounts(3))));
            CompletableFuture.allOf(transfers, untraced, account).join();
            clock.advance(TimeUnit.SECONDS.toNanos(2));
            pod.barrier().join(); // expires transfer 11: an event of no request
            assertStagesInOrder(traced);
        }
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            Map<String, TraceParent> byEvent = new HashMap<>();
            for (Event e : StoredEvents.after(store, LEDGER, 0, 100, e -> true)) {
                byEvent.put(e.type().typeName() + " " + e.objectId().low(), e.trace());
            }
            Map<String, TraceParent> expected = new HashMap<>();
            expected.put("account.created 1", null);
            expected.put("account.created 2", null);
            expected.put("transfer.created 10", A);
            expected.put("transfer.pending 11", A);
            expected.put("transfer.created 12", null);
            expected.put("account.created 3", B);
            expected.put("transfer.expired 11", null);
            assertThat(byEvent).isEqualTo(expected);
            VerifyReport report = StoreVerifier.verify(store);
            assertThat(report.passed()).as(report.render()).isTrue();
            assertThat(formats(store)).as("the first record (two untraced accounts) stays format 1")
                    .startsWith((byte) 1).contains((byte) 2);
        }
    }

    @Test
    void interleavedTracedAndUntracedSubmissionsEachGetTheirOwnContext() {
        Map<Long, TraceParent> expected = new HashMap<>();
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults());
                Pod pod = Pod.start("trace", store, List.of(LEDGER), PodConfig.defaults(), new ManualClock(START_NANOS))) {
            pod.submit(PodCommand.accounts(LEDGER, accounts(1, 2))).join();
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int i = 0; i < INTERLEAVED_SUBMISSIONS; i++) {
                long id = 1_000 + i;
                TransferBatch batch = transfers(
                        NewTransfer.of(UInt128.of(id), UInt128.of(1), UInt128.of(2), UInt128.of(1), USD));
                // Every third untraced; the others each with their own context.
                TraceParent context = i % 3 == 0 ? null : new TraceParent(7, id, id, TraceParent.FLAG_SAMPLED);
                expected.put(id, context);
                inFlight.add(context == null ? pod.submit(PodCommand.transfers(LEDGER, batch))
                        : submitAs(new RequestTrace(context, null), () -> pod.submit(PodCommand.transfers(LEDGER, batch))));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        }
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            Map<Long, TraceParent> stored = new HashMap<>();
            for (Event e : StoredEvents.after(store, LEDGER, 0, 1_000, e -> e.type() == EventType.TRANSFER_CREATED)) {
                stored.put(e.objectId().low(), e.trace());
            }
            assertThat(stored).isEqualTo(expected);
            VerifyReport report = StoreVerifier.verify(store);
            assertThat(report.passed()).as(report.render()).isTrue();
        }
    }

    @Test
    void verifyFindsADamagedTrailer() {
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults());
                Pod pod = Pod.start("trace", store, List.of(LEDGER), PodConfig.defaults(), new ManualClock(START_NANOS))) {
            submitAs(new RequestTrace(A, null), () -> pod.submit(PodCommand.accounts(LEDGER, accounts(1, 2)))).join();
        }
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            byte[] key;
            byte[] value;
            try (var it = store.iterator(ColumnFamily.EVENTS)) {
                it.seekToFirst();
                key = it.key();
                value = it.value();
            }
            assertThat(value[0]).isEqualTo((byte) 2);
            value[value.length - 26] = 5; // the run's last index, past the record's two entries
            WriteBatchRep rep = new WriteBatchRep();
            rep.put(store.columnFamilyIds()[ColumnFamily.EVENTS.ordinal()], key, value);
            store.write(rep.toBytes());
            assertThat(StoreVerifier.verify(store).render()).contains("FAILED  every record decodes");
        }
    }

    /** Submits as a request of this trace would: bound to the thread while it enqueues. */
    private static <T> CompletableFuture<T> submitAs(RequestTrace trace, Supplier<CompletableFuture<T>> submit) {
        trace.bind();
        try {
            return submit.get();
        } finally {
            RequestTrace.unbind();
        }
    }

    private static void assertStagesInOrder(RequestTrace trace) {
        long[] stages = {trace.enqueuedNanos(), trace.batchStartedNanos(), trace.appliedNanos(),
                trace.commitStartedNanos(), trace.committedNanos()};
        for (int i = 0; i < stages.length; i++) {
            assertThat(stages[i]).as("stage %d reached", i).isNotEqualTo(RequestTrace.NOT_REACHED);
            if (i > 0) {
                assertThat(stages[i]).as("stage %d after stage %d", i, i - 1).isGreaterThanOrEqualTo(stages[i - 1]);
            }
        }
    }

    /** The format byte of each events record, in key order. */
    private static List<Byte> formats(LedgerStore store) {
        List<Byte> formats = new ArrayList<>();
        try (var it = store.iterator(ColumnFamily.EVENTS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                formats.add(it.value()[0]);
            }
        }
        return formats;
    }

    private static AccountBatch accounts(long... ids) {
        AccountBatch batch = new AccountBatch(ids.length);
        for (long id : ids) {
            batch.add(NewAccount.of(UInt128.of(id), USD));
        }
        return batch;
    }

    private static TransferBatch transfers(NewTransfer... transfers) {
        TransferBatch batch = new TransferBatch(transfers.length);
        for (NewTransfer t : transfers) {
            batch.add(t);
        }
        return batch;
    }
}
