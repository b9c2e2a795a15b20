package dev.settle.pod;

import static dev.settle.pod.PodBatches.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

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
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.outbox.NotedEvent;
import dev.settle.tracing.TraceParent;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random batches of random commands, with the edges of every field (zero, the largest 128-bit
 * value, every flag, null and empty metadata): they survive the trip through bytes, their bytes
 * depend on nothing but their content, and damaged bytes decode to a batch or are refused, never
 * anything else.
 */
class PodBatchCodecProperties {

    @Property(tries = 300)
    void batchesSurviveTheTripAndEncodeToTheSameBytes(@ForAll("batches") PodBatch batch) {
        byte[] bytes = CODEC.encode(batch);
        assertThat(CODEC.encode(batch)).as("encoding again").isEqualTo(bytes);
        PodBatches.roundTrip(batch);
    }

    /**
     * Flipped bits and cut ends: the decoder refuses them with its one exception, or reads a batch,
     * which (the encoding being canonical) encodes back to exactly the damaged bytes.
     */
    @Property(tries = 1000)
    void damagedBytesDecodeToABatchOrAreRefused(@ForAll("batches") PodBatch batch,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> flips,
            @ForAll @IntRange(min = 0, max = 255) int mask, @ForAll @IntRange(min = 0, max = 8) int cut) {
        byte[] bytes = CODEC.encode(batch);
        for (int flip : flips) {
            bytes[flip % bytes.length] ^= (byte) (mask == 0 ? 1 : mask);
        }
        byte[] damaged = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
        PodBatch decoded;
        try {
            decoded = CODEC.decode(damaged);
        } catch (PodBatchCodec.MalformedBatchException refused) {
            assertThat(refused.offset()).isBetween(0, damaged.length);
            Statistics.collect("refused");
            return;
        }
        assertThat(CODEC.encode(decoded)).isEqualTo(damaged);
        Statistics.collect("decoded though damaged");
    }

    @Provide
    Arbitrary<PodBatch> batches() {
        Arbitrary<Long> positive = Arbitraries.oneOf(Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.of(1L, Long.MAX_VALUE));
        return Combinators.combine(positive, positive, entry().list().ofMaxSize(8)).as(PodBatch::new);
    }

    private Arbitrary<PodBatch.Entry> entry() {
        Arbitrary<TraceParent> trace = Combinators.combine(u128().filter(id -> !id.isZero()),
                longs().filter(span -> span != 0), Arbitraries.bytes())
                .as((id, span, flags) -> new TraceParent(id.high(), id.low(), span, flags));
        Arbitrary<DurableResponse> response = Combinators.combine(bytes(16),
                bytes(64)).as(PodBatches::fixed);
        return Combinators.combine(command(), response.injectNull(0.5), trace.injectNull(0.5)).as(PodBatch.Entry::new);
    }

    private Arbitrary<PodCommand<?>> command() {
        Arbitrary<Integer> ledger = Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, -1, Integer.MAX_VALUE));
        return Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(ledger, account().list().ofMaxSize(12), detail())
                        .as((l, accounts, detail) -> PodCommand.accounts(l, PodBatches.accountBatch(accounts), detail))),
                Tuple.of(5, Combinators.combine(ledger, transfer().list().ofMaxSize(24), detail())
                        .as((l, transfers, detail) -> PodCommand.transfers(l, PodBatches.transferBatch(transfers),
                                detail))),
                Tuple.of(2, Combinators.combine(ledger, transaction()).as(PodCommand::transaction)),
                Tuple.of(1, Arbitraries.just(new PodCommand.Barrier())),
                Tuple.of(1, ledger.map(PodCommand.AddLedger::new)),
                Tuple.of(1, ledger.map(PodCommand.RemoveLedger::new)),
                Tuple.of(2, recordChange(ledger)),
                Tuple.of(2, storeChange(ledger)),
                Tuple.of(2, guardedChange(ledger)),
                Tuple.of(2, guardedRecords(ledger)));
    }

    /** A guarded change: its transfers made one linked chain, its events with versions. */
    private Arbitrary<PodCommand<?>> guardedChange(Arbitrary<Integer> ledger) {
        Arbitrary<PodCommand.Put> put = Combinators.combine(Arbitraries.of(ColumnFamily.class), bytes(24), bytes(64))
                .as(PodCommand.Put::new);
        Arbitrary<TransferBatch> chain = transfer().list().ofMaxSize(PodCommand.GuardedChange.TRANSFERS_MAX)
                .map(transfers -> {
                    List<NewTransfer> linked = new java.util.ArrayList<>();
                    for (int i = 0; i < transfers.size(); i++) {
                        int flags = transfers.get(i).flags() & ~TransferFlags.LINKED;
                        linked.add(transfers.get(i).withFlags(i < transfers.size() - 1 ? flags | TransferFlags.LINKED
                                : flags));
                    }
                    return PodBatches.transferBatch(linked);
                });
        Arbitrary<NotedEvent> noted = Combinators.combine(
                Arbitraries.of(EventType.class).filter(type -> !type.isLedgerChange()), u128(),
                Arbitraries.longs().greaterOrEqual(0)).as(NotedEvent::new);
        return Combinators.combine(ledger, put.list().ofMaxSize(PodCommand.GuardedChange.EXPECTED_MAX), chain,
                put.list().ofMinSize(1).ofMaxSize(PodCommand.GuardedChange.WRITES_MAX),
                noted.list().ofMaxSize(PodCommand.RecordChange.NOTED_EVENTS_MAX))
                .as(PodCommand.GuardedChange::new);
    }

    /** Guarded records: many puts, expected and written, with versioned events. */
    private Arbitrary<PodCommand<?>> guardedRecords(Arbitrary<Integer> ledger) {
        Arbitrary<PodCommand.Put> put = Combinators.combine(Arbitraries.of(ColumnFamily.class), bytes(24), bytes(64))
                .as(PodCommand.Put::new);
        Arbitrary<NotedEvent> noted = Combinators.combine(
                Arbitraries.of(EventType.class).filter(type -> !type.isLedgerChange()), u128(),
                Arbitraries.longs().greaterOrEqual(0)).as(NotedEvent::new);
        return Combinators.combine(ledger, put.list().ofMaxSize(300), put.list().ofMinSize(1).ofMaxSize(300),
                noted.list().ofMaxSize(300)).as(PodCommand.GuardedRecords::new);
    }

    private Arbitrary<PodCommand<?>> storeChange(Arbitrary<Integer> ledger) {
        Arbitrary<ColumnFamily> family = Arbitraries.of(ColumnFamily.class);
        Arbitrary<PodCommand.StoreOp> op = Arbitraries.oneOf(
                Combinators.combine(family, bytes(24), bytes(64)).as(PodCommand.StoreOp::put),
                Combinators.combine(family, bytes(24)).as(PodCommand.StoreOp::delete),
                Combinators.combine(family, bytes(24), bytes(24)).as(PodCommand.StoreOp::deleteRange));
        return Combinators.combine(ledger, op.list().ofMinSize(1).ofMaxSize(8)).as(PodCommand.StoreChange::new);
    }

    private Arbitrary<PodCommand.Detail> detail() {
        return Arbitraries.of(PodCommand.Detail.class);
    }

    private Arbitrary<NewAccount> account() {
        return Combinators.combine(u128(), longs(), code(), flags(AccountFlags.ALL), u128(), longs(), ints(),
                metadata()).as(NewAccount::new);
    }

    private Arbitrary<NewTransfer> transfer() {
        Arbitrary<NewTransfer.Builder> accounts = Combinators.combine(u128(), u128(), u128(), u128(), u128())
                .as((id, debit, credit, amount, pending) -> NewTransfer.builder(id).debit(debit).credit(credit)
                        .amount(amount).pendingId(pending));
        Arbitrary<Long> timeout = Arbitraries.oneOf(Arbitraries.longs().between(0, LedgerLimits.TIMEOUT_SECONDS_MAX),
                Arbitraries.of(0L, LedgerLimits.TIMEOUT_SECONDS_MAX));
        return Combinators.combine(accounts, u128(), longs(), ints(), timeout, longs(), code(),
                        flags(TransferFlags.ALL))
                .as((builder, data128, data64, data32, seconds, ledger, code, flags) -> builder
                        .userData(data128, data64, data32).timeoutSeconds(seconds).ledger(ledger).code(code)
                        .flags(flags))
                .flatMap(builder -> metadata().map(bytes -> builder.metadata(bytes).build()));
    }

    private Arbitrary<NewTransaction> transaction() {
        Arbitrary<TransactionEntry> entry = Combinators.combine(u128(), Arbitraries.of(EntryDirection.class), u128())
                .as(TransactionEntry::new);
        Arbitrary<List<TransactionEntry>> entries = Arbitraries.oneOf(entry.list().ofMaxSize(6),
                entry.list().ofSize(LedgerLimits.TRANSACTION_ENTRIES_MAX));
        return Combinators.combine(u128(), code(), entries, metadata()).as(NewTransaction::new);
    }

    private Arbitrary<PodCommand<?>> recordChange(Arbitrary<Integer> ledger) {
        Arbitrary<PodCommand.Put> put = Combinators.combine(Arbitraries.of(ColumnFamily.class),
                bytes(24), bytes(64))
                .as(PodCommand.Put::new);
        Arbitrary<NotedEvent> noted = Combinators.combine(
                Arbitraries.of(EventType.class).filter(type -> !type.isLedgerChange()), u128()).as(NotedEvent::new);
        return Combinators.combine(ledger, put.list().ofMaxSize(PodCommand.RecordChange.WRITES_MAX),
                noted.list().ofMaxSize(PodCommand.RecordChange.NOTED_EVENTS_MAX))
                .as((l, writes, events) -> new PodCommand.RecordChange(l, writes, events));
    }

    /** Zero and the largest value often, each half at its edges, and anything. */
    private Arbitrary<UInt128> u128() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(UInt128.ZERO, UInt128.MAX, UInt128.of(1), new UInt128(1, 0),
                        new UInt128(Long.MIN_VALUE, 0), new UInt128(0, -1L))),
                Tuple.of(3, Combinators.combine(longs(), longs()).as(UInt128::new)));
    }

    private Arbitrary<Long> longs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private Arbitrary<Integer> ints() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    private Arbitrary<Integer> code() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, LedgerLimits.CODE_MAX),
                Arbitraries.of(0, LedgerLimits.CODE_MAX));
    }

    /** Every flag, none, the defined ones at random, and bits no flag defines (the engine refuses them). */
    private Arbitrary<Integer> flags(int all) {
        return Arbitraries.oneOf(Arbitraries.of(0, all, -1), Arbitraries.integers().between(0, all).map(f -> f & all),
                Arbitraries.integers());
    }

    /** Null, empty, short, and now and then the largest the ledger takes. */
    private Arbitrary<byte[]> metadata() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.<byte[]>just(null)), Tuple.of(6, bytes(32)),
                Tuple.of(1, Arbitraries.just(new byte[LedgerLimits.METADATA_BYTES_MAX])));
    }

    private Arbitrary<byte[]> bytes(int sizeMax) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(sizeMax);
    }
}
