package dev.settle.pod;

import static dev.settle.pod.PodBatches.CODEC;
import static dev.settle.pod.PodBatches.accountBatch;
import static dev.settle.pod.PodBatches.batch;
import static dev.settle.pod.PodBatches.entry;
import static dev.settle.pod.PodBatches.roundTrip;
import static dev.settle.pod.PodBatches.transferBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.events.EventType;
import dev.settle.ledger.AccountFlags;
import dev.settle.ledger.EntryDirection;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransactionEntry;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import dev.settle.pod.PodBatchCodec.MalformedBatchException;
import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreOptions;
import dev.settle.store.outbox.NotedEvent;
import dev.settle.tracing.TraceParent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each command, the trace context and the response survive the trip through bytes; bad bytes are refused. */
class PodBatchCodecTest {
    static final int LEDGER = 7;
    static final byte[] METADATA = {1, 2, 3};
    static final UInt128 MIXED = new UInt128(0x0102030405060708L, 0x1112131415161718L);

    @Test
    void accountsKeepEveryFieldIncludingNullAndEmptyMetadata() {
        NewAccount plain = NewAccount.of(UInt128.of(1), 840);
        NewAccount full = new NewAccount(UInt128.MAX, -1L, LedgerLimits.CODE_MAX, AccountFlags.ALL, UInt128.MAX,
                Long.MIN_VALUE, -1, new byte[LedgerLimits.METADATA_BYTES_MAX]);
        NewAccount empty = NewAccount.of(MIXED, 0).withMetadata(new byte[0]).withFlags(-1);
        roundTrip(batch(entry(PodCommand.accounts(LEDGER, accountBatch(List.of(plain, full, empty)),
                PodCommand.Detail.RECORDS))));
        roundTrip(batch(entry(PodCommand.accounts(0, accountBatch(List.of())))));
    }

    @Test
    void transfersKeepEveryFieldAtItsEdges() {
        NewTransfer plain = NewTransfer.of(UInt128.of(1), UInt128.of(2), UInt128.of(3), UInt128.of(4), 840);
        NewTransfer full = NewTransfer.builder(UInt128.MAX).debit(UInt128.MAX).credit(MIXED).amount(UInt128.MAX)
                .pendingId(new UInt128(0, 1)).userData(new UInt128(1, 0), -1L, Integer.MIN_VALUE)
                .timeoutSeconds(LedgerLimits.TIMEOUT_SECONDS_MAX).ledger(Long.MAX_VALUE).code(LedgerLimits.CODE_MAX)
                .flags(TransferFlags.ALL).metadata(METADATA).build();
        NewTransfer zero = NewTransfer.builder(UInt128.ZERO).flags(-1).metadata(new byte[0]).build();
        NewTransfer resolving = NewTransfer.resolving(UInt128.of(9), UInt128.of(1), TransferFlags.POST_PENDING_TRANSFER,
                UInt128.MAX);
        roundTrip(batch(entry(PodCommand.transfers(LEDGER, transferBatch(List.of(plain, full, zero, resolving)),
                PodCommand.Detail.RESULTS))));
    }

    @Test
    void aPlainTransferTakesSeventyOneBytes() {
        TransferBatch transfers = new TransferBatch(LedgerLimits.TRANSFERS_PER_BATCH_MAX);
        for (int i = 0; i < transfers.capacity(); i++) {
            transfers.add(NewTransfer.of(new UInt128(i, -i), MIXED, UInt128.MAX, UInt128.of(i + 1), 840));
        }
        PodBatch full = batch(entry(PodCommand.transfers(LEDGER, transfers)));
        assertThat(CODEC.encode(full)).hasSize(PodBatchCodec.HEADER_BYTES + PodBatchCodec.ENTRY_BYTES_MIN
                + CommandCodec.BATCH_HEADER_BYTES + LedgerLimits.TRANSFERS_PER_BATCH_MAX * 71);
        roundTrip(full);
    }

    @Test
    void transactionsKeepTheirEntriesInOrder() {
        List<TransactionEntry> entries = List.of(
                new TransactionEntry(UInt128.of(1), EntryDirection.DEBIT, UInt128.MAX),
                new TransactionEntry(MIXED, EntryDirection.CREDIT, UInt128.ZERO),
                new TransactionEntry(UInt128.MAX, EntryDirection.CREDIT, UInt128.of(5)));
        roundTrip(batch(entry(PodCommand.transaction(LEDGER, new NewTransaction(MIXED, 65535, entries, METADATA))),
                entry(PodCommand.transaction(LEDGER, new NewTransaction(UInt128.ZERO, 0, List.of(), null))),
                entry(PodCommand.transaction(LEDGER, new NewTransaction(UInt128.of(3), 1, entries, new byte[0])))));
    }

    @Test
    void membershipCommandsAndBarriersKeepTheirLedgers() {
        roundTrip(batch(entry(new PodCommand.Barrier()), entry(new PodCommand.AddLedger(Integer.MAX_VALUE)),
                entry(new PodCommand.RemoveLedger(0)), entry(new PodCommand.AddLedger(-1))));
        roundTrip(batch());
    }

    @Test
    void recordedChangesKeepTheirPutsAndEvents() {
        PodCommand.RecordChange change = new PodCommand.RecordChange(LEDGER, List.of(
                new PodCommand.Put(ColumnFamily.TENANTS, MIXED.toUuid().toString().getBytes(), METADATA),
                new PodCommand.Put(ColumnFamily.WEBHOOK_QUEUE, new byte[0], new byte[0])),
                List.of(new NotedEvent(EventType.API_KEY_CREATED, UInt128.MAX),
                        new NotedEvent(EventType.TENANT_REACTIVATED, UInt128.ZERO)));
        roundTrip(batch(entry(change), entry(new PodCommand.RecordChange(0, List.of(), List.of()))));
    }

    @Test
    void storeChangesKeepEveryKindOfWrite() {
        PodCommand.StoreChange change = new PodCommand.StoreChange(LEDGER, List.of(
                PodCommand.StoreOp.put(ColumnFamily.WEBHOOK_DELIVERIES, METADATA, MIXED.toUuid().toString().getBytes()),
                PodCommand.StoreOp.delete(ColumnFamily.WEBHOOK_QUEUE, new byte[] {1, 2}),
                PodCommand.StoreOp.deleteRange(ColumnFamily.WEBHOOK_QUEUE, new byte[] {1}, new byte[] {2})));
        roundTrip(batch(entry(change)));
        assertThatThrownBy(() -> new PodCommand.StoreChange(LEDGER, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRendererNoMemberKnowsIsRefused() {
        DurableResponse.Renderer unknown = new DurableResponse.Renderer() {
            @Override
            public int id() {
                return 9;
            }

            @Override
            public byte[] render(byte[] data, PodCommand<?> command, Object outcome, long batchTimeNanos) {
                return data;
            }
        };
        PodBatchCodec knowsIt = new PodBatchCodec(new DurableResponseCodec(id -> unknown));
        byte[] bytes = knowsIt.encode(batch(new PodBatch.Entry(new PodCommand.Barrier(),
                new DurableResponse(new byte[] {1}, unknown, new byte[] {2}), null)));

        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining("no renderer has id 9");
    }

    @Test
    void traceContextsAndResponsesTravelWithTheirEntry() {
        TraceParent sampled = new TraceParent(-1L, 1, Long.MIN_VALUE, TraceParent.FLAG_SAMPLED);
        TraceParent allFlags = new TraceParent(0, 1, 1, (byte) 0xff);
        DurableResponse response = PodBatches.fixed(new byte[] {0, 0, 0, 7, 9}, METADATA);
        PodBatch decoded = roundTrip(batch(new PodBatch.Entry(new PodCommand.Barrier(), response, sampled),
                new PodBatch.Entry(new PodCommand.AddLedger(3), null, allFlags),
                new PodBatch.Entry(new PodCommand.RemoveLedger(3), PodBatches.rendered(new byte[0],
                        new byte[0]), null)));
        assertThat(decoded.entries().get(0).trace()).isEqualTo(sampled);
        assertThat(decoded.entries().get(1).trace().flags()).isEqualTo((byte) 0xff);
        assertThat(decoded.entries().get(0).response().render(null, null, 1)).containsExactly(METADATA);
        assertThat(decoded.entries().get(2).response().renderer()).isSameAs(PodBatches.TEST_RENDERER);
    }

    @Test
    void theBatchKeepsItsNumberAndTime() {
        PodBatch decoded = roundTrip(new PodBatch(Long.MAX_VALUE, Long.MAX_VALUE, List.of()));
        assertThat(decoded.sequence()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void equalBatchesBuiltApartGiveEqualBytes() {
        assertThat(CODEC.encode(sample())).isEqualTo(CODEC.encode(sample()));
    }

    @Test
    void columnFamiliesHaveNumbersThatNeverChange() {
        // The numbers are in logged entries: a family keeps its number whatever the enum's order.
        assertThat(Arrays.stream(ColumnFamily.values()).map(f -> f.name() + "=" + CommandCodec.familyId(f)).toList())
                .containsExactlyInAnyOrder("DEFAULT=1", "ACCOUNTS=2", "BALANCES=3", "BALANCE_JOURNAL=4",
                        "TRANSFERS=5", "TRANSFER_IDS=6", "PENDING_OPEN=7", "HISTORY=8", "TRANSACTIONS=9",
                        "IDEMPOTENCY=10", "TENANTS=11", "EVENTS=12", "WEBHOOK_ENDPOINTS=13", "WEBHOOK_DELIVERIES=14",
                        "WEBHOOK_QUEUE=15", "PAYMENTS=16", "RECONCILIATION=17");
    }

    @Test
    void decodedBatchesApplyAsTheirOriginalsDo(@TempDir Path first, @TempDir Path second) {
        int ledger = LedgerStateMachineTest.LEDGER;
        long start = LedgerStateMachineTest.START_NANOS;
        TraceParent trace = new TraceParent(1, 2, 3, TraceParent.FLAG_SAMPLED);
        DurableResponse answer = PodBatches.fixed(new byte[] {0, 0, 0, 1, 5}, METADATA);
        List<PodBatch> batches = List.of(
                new PodBatch(1, start, List.of(new PodBatch.Entry(PodCommand.accounts(ledger, accountBatch(List.of(
                        NewAccount.of(UInt128.of(1), 840).withFlags(AccountFlags.HISTORY).withMetadata(METADATA),
                        NewAccount.of(UInt128.of(2), 840), NewAccount.of(UInt128.of(3), 840)))), answer, trace))),
                new PodBatch(2, start + 1, List.of(
                        new PodBatch.Entry(PodCommand.transfers(ledger, transferBatch(List.of(
                                NewTransfer.of(UInt128.of(10), UInt128.of(1), UInt128.of(2), UInt128.of(100), 840),
                                NewTransfer.of(UInt128.of(11), UInt128.of(2), UInt128.of(3), UInt128.of(40), 840)
                                        .withFlags(TransferFlags.PENDING).withTimeout(1))),
                                PodCommand.Detail.RECORDS), answer, trace),
                        entry(PodCommand.transaction(ledger, new NewTransaction(UInt128.of(20), 1, List.of(
                                new TransactionEntry(UInt128.of(1), EntryDirection.DEBIT, UInt128.of(5)),
                                new TransactionEntry(UInt128.of(3), EntryDirection.CREDIT, UInt128.of(5))), null))),
                        entry(new PodCommand.RecordChange(ledger, List.of(new PodCommand.Put(ColumnFamily.TENANTS,
                                METADATA, METADATA)), List.of(new NotedEvent(EventType.API_KEY_CREATED,
                                UInt128.of(4))))))),
                new PodBatch(3, start + 3 * LedgerStateMachineTest.SECOND_NANOS, List.of(
                        entry(new PodCommand.Barrier()))));
        try (LedgerStore a = LedgerStore.open(first, StoreOptions.defaults());
                LedgerStore b = LedgerStore.open(second, StoreOptions.defaults())) {
            LedgerStateMachineTest.Driver original = new LedgerStateMachineTest.Driver(a);
            LedgerStateMachineTest.Driver replica = new LedgerStateMachineTest.Driver(b);
            for (PodBatch batch : batches) {
                byte[] applied = original.run(batch).writeSet();
                assertThat(replica.run(CODEC.decode(CODEC.encode(batch))).writeSet())
                        .as("write set of batch %d", batch.sequence()).isEqualTo(applied);
            }
            assertThat(replica.state.stateDigest(ledger)).isEqualTo(original.state.stateDigest(ledger));
        }
    }

    // ---- Hostile bytes ----

    @Test
    void everyTruncationIsRefused() {
        byte[] bytes = CODEC.encode(sample());
        for (int length = 0; length < bytes.length; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> CODEC.decode(prefix)).as("the first %d bytes", length)
                    .isInstanceOf(MalformedBatchException.class);
        }
    }

    @Test
    void bytesAfterTheLastEntryAreRefused() {
        byte[] bytes = CODEC.encode(sample());
        assertMalformed(Arrays.copyOf(bytes, bytes.length + 1), bytes.length, "1 bytes follow the last entry");
    }

    @Test
    void anotherFormatVersionIsRefused() {
        byte[] bytes = CODEC.encode(sample());
        bytes[0] = 2;
        assertMalformed(bytes, 0, "format version 2");
    }

    @Test
    void anUnknownCommandTagIsRefused() {
        byte[] bytes = CODEC.encode(batch(entry(new PodCommand.Barrier())));
        bytes[PodBatchCodec.HEADER_BYTES] = 12;
        assertMalformed(bytes, PodBatchCodec.HEADER_BYTES, "unknown command tag 12");
    }

    @Test
    void aForgedEntryCountIsRefusedBeforeAnythingIsAllocatedForIt() {
        byte[] bytes = CODEC.encode(batch(entry(new PodCommand.Barrier())));
        Bytes.putInt(bytes, 17, Integer.MAX_VALUE);
        assertMalformed(bytes, 17, "entry count 2147483647 needs at least 4294967294 bytes, 2 left");
        Bytes.putInt(bytes, 17, -1);
        assertMalformed(bytes, 17, "entry count 4294967295 is outside");
    }

    @Test
    void aForgedTransferCountIsRefused() {
        byte[] bytes = CODEC.encode(batch(entry(PodCommand.transfers(LEDGER, transferBatch(List.of())))));
        int countAt = PodBatchCodec.HEADER_BYTES + PodBatchCodec.ENTRY_BYTES_MIN + 5;
        Bytes.putShort(bytes, countAt, 0xFFFF);
        assertMalformed(bytes, countAt, "transfer count 65535 is outside 0..8190");
        Bytes.putShort(bytes, countAt, 8190);
        assertMalformed(bytes, countAt, "transfer count 8190 needs at least 581490 bytes, 0 left");
    }

    @Test
    void aForgedLengthIsRefused() {
        PodCommand.RecordChange change = new PodCommand.RecordChange(LEDGER,
                List.of(new PodCommand.Put(ColumnFamily.TENANTS, METADATA, METADATA)), List.of());
        byte[] bytes = CODEC.encode(batch(entry(change)));
        int valueLengthAt = PodBatchCodec.HEADER_BYTES + PodBatchCodec.ENTRY_BYTES_MIN + 4 + 1 + 1 + 2 + 3;
        Bytes.putInt(bytes, valueLengthAt, Integer.MAX_VALUE);
        assertMalformed(bytes, valueLengthAt + 4, "truncated: put value needs 2147483647 bytes");
        Bytes.putInt(bytes, valueLengthAt, -2);
        assertMalformed(bytes, valueLengthAt, "put value has a negative length -2");
    }

    @Test
    void valuesOutsideTheirDomainAreRefused() {
        int firstItemAt = PodBatchCodec.HEADER_BYTES + PodBatchCodec.ENTRY_BYTES_MIN + CommandCodec.BATCH_HEADER_BYTES;
        NewTransfer withMetadata = NewTransfer.of(UInt128.of(1), UInt128.of(2), UInt128.of(3), UInt128.of(4), 1)
                .withMetadata(METADATA);
        assertRefusedAfterPatch(batch(entry(PodCommand.transfers(LEDGER, transferBatch(List.of(withMetadata))))),
                firstItemAt + CommandCodec.TRANSFER_FIXED_BYTES, new byte[] {0x20, 0x01}, "metadata of 8193 bytes");
        NewAccount withUserData64 = NewAccount.of(UInt128.of(1), 1).withUserData(UInt128.ZERO, 5, 0);
        assertRefusedAfterPatch(batch(entry(PodCommand.accounts(LEDGER, accountBatch(List.of(withUserData64))))),
                firstItemAt + CommandCodec.ACCOUNT_FIXED_BYTES, new byte[8], "user_data_64 is present but zero");
        assertRefusedAfterPatch(batch(entry(PodCommand.accounts(LEDGER, accountBatch(List.of(withUserData64))))),
                firstItemAt, new byte[] {1}, "account presence byte 1 sets undefined bits");
        PodBatch traced = batch(new PodBatch.Entry(new PodCommand.Barrier(), null, new TraceParent(1, 1, 1, (byte) 1)));
        int spanAt = PodBatchCodec.HEADER_BYTES + PodBatchCodec.ENTRY_BYTES_MIN + 16;
        assertRefusedAfterPatch(traced, spanAt, new byte[8], "zero trace or span id");
        assertRefusedAfterPatch(traced, 1, new byte[8], "must both be positive");
        assertRefusedAfterPatch(traced, PodBatchCodec.HEADER_BYTES + 1, new byte[] {4},
                "has byte 4 sets undefined bits");
    }

    @Test
    void recordedChangesWithUnknownFamiliesOrLedgerEventsAreRefused() {
        PodCommand.RecordChange change = new PodCommand.RecordChange(LEDGER,
                List.of(new PodCommand.Put(ColumnFamily.TENANTS, METADATA, METADATA)),
                List.of(new NotedEvent(EventType.API_KEY_REVOKED, UInt128.of(1))));
        int familyAt = PodBatchCodec.HEADER_BYTES + PodBatchCodec.ENTRY_BYTES_MIN + 4 + 1;
        assertRefusedAfterPatch(batch(entry(change)), familyAt, new byte[] {18}, "unknown column family number 18");
        int typeAt = familyAt + 1 + 2 + 3 + 4 + 3 + 1;
        assertRefusedAfterPatch(batch(entry(change)), typeAt, new byte[] {(byte) EventType.TRANSFER_CREATED.code()},
                "transfer.created comes from the ledger's changes");
        assertRefusedAfterPatch(batch(entry(change)), typeAt, new byte[] {99}, "unknown event type code 99");
    }

    /** A batch with one of each command, a trace context and a response. */
    static PodBatch sample() {
        return new PodBatch(42, 1_700_000_000_123_456_789L, List.of(
                entry(PodCommand.accounts(LEDGER, accountBatch(List.of(NewAccount.of(UInt128.of(1), 840),
                        NewAccount.of(UInt128.MAX, 978).withMetadata(METADATA))))),
                new PodBatch.Entry(PodCommand.transfers(LEDGER, transferBatch(List.of(
                        NewTransfer.of(UInt128.of(5), UInt128.of(1), UInt128.MAX, UInt128.of(100), 840),
                        NewTransfer.of(UInt128.of(6), UInt128.of(1), UInt128.MAX, UInt128.MAX, 840)
                                .withTimeout(30).withFlags(TransferFlags.PENDING))), PodCommand.Detail.RECORDS),
                        PodBatches.rendered(new byte[] {0, 0, 0, 7}, METADATA),
                        new TraceParent(1, 2, 3, TraceParent.FLAG_SAMPLED)),
                entry(PodCommand.transaction(LEDGER, new NewTransaction(UInt128.of(8), 1, List.of(
                        new TransactionEntry(UInt128.of(1), EntryDirection.DEBIT, UInt128.of(3)),
                        new TransactionEntry(UInt128.MAX, EntryDirection.CREDIT, UInt128.of(3))), null))),
                entry(new PodCommand.Barrier()), entry(new PodCommand.AddLedger(LEDGER + 1)),
                entry(new PodCommand.RemoveLedger(LEDGER + 1)),
                entry(new PodCommand.RecordChange(LEDGER, List.of(new PodCommand.Put(ColumnFamily.TENANTS,
                        METADATA, METADATA)), List.of(new NotedEvent(EventType.TENANT_DEACTIVATED, UInt128.of(1))))),
                entry(new PodCommand.GuardedChange(LEDGER, List.of(new PodCommand.Put(ColumnFamily.PAYMENTS,
                        METADATA, new byte[0])), transferBatch(List.of(NewTransfer.of(UInt128.of(9), UInt128.of(1),
                        UInt128.of(2), UInt128.of(3), 840))), List.of(new PodCommand.Put(ColumnFamily.PAYMENTS,
                        METADATA, METADATA)), List.of(new NotedEvent(EventType.PAYMENT_INTENT_SUCCEEDED,
                        UInt128.of(4), 2)))),
                entry(new PodCommand.GuardedRecords(LEDGER, List.of(new PodCommand.Put(ColumnFamily.RECONCILIATION,
                        METADATA, new byte[0])), List.of(new PodCommand.Put(ColumnFamily.RECONCILIATION, METADATA,
                        METADATA)), List.of(new NotedEvent(EventType.PAYMENT_INTENT_SUCCEEDED, UInt128.of(5), 3))))));
    }

    private static void assertRefusedAfterPatch(PodBatch batch, int at, byte[] patch, String message) {
        byte[] bytes = CODEC.encode(batch);
        System.arraycopy(patch, 0, bytes, at, patch.length);
        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining(message);
    }

    private static void assertMalformed(byte[] bytes, int offset, String message) {
        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining(message).hasMessageContaining("at offset " + offset + ":")
                .extracting(e -> ((MalformedBatchException) e).offset()).isEqualTo(offset);
    }
}
