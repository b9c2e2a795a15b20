package dev.settle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.EntryDirection;
import dev.settle.ledger.KnownTransactionId;
import dev.settle.ledger.TransactionEntry;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.UInt128;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Stored values decode to what was encoded, at the edges of every width. */
class RecordCodecProperties {

    @Property(tries = 500)
    void balancesRoundTrip(@ForAll("halves") long a, @ForAll("halves") long b, @ForAll("halves") long c,
            @ForAll("halves") long d, @ForAll int flags, @ForAll long lastTransfer) {
        long[] balances = {a, b, c, d, b, a, d, c};
        ByteSink out = new ByteSink(16);
        RecordCodec.encodeBalances(flags & 0xFFFF, lastTransfer, balances, 0, out);
        byte[] encoded = out.toArray();
        long[] decoded = new long[8];
        assertThat(RecordCodec.decodeBalances(encoded, decoded)).isEqualTo(flags & 0xFFFF);
        assertThat(decoded).containsExactly(balances);
        assertThat(RecordCodec.lastTransfer(encoded)).isEqualTo(lastTransfer);
        assertThat(RecordCodec.balancesLength(encoded, 0)).isEqualTo(encoded.length);
    }

    @Property(tries = 200)
    void transactionsRoundTrip(@ForAll("halves") long high, @ForAll("halves") long low, @ForAll("halves") long id) {
        List<TransactionEntry> entries = new ArrayList<>();
        entries.add(new TransactionEntry(new UInt128(id, low), EntryDirection.DEBIT, new UInt128(high, low)));
        entries.add(new TransactionEntry(new UInt128(low, id), EntryDirection.CREDIT, new UInt128(0, low)));
        TransactionRecord tx = new TransactionRecord(new UInt128(id, id), 7, entries, null, 1234, 1);
        ByteSink out = new ByteSink(64);
        RecordCodec.encodeTransaction(tx, out);
        KnownTransactionId decoded = RecordCodec.decodeTransaction(tx.id(), out.toArray());
        assertThat(decoded).isInstanceOf(TransactionRecord.class);
        TransactionRecord back = (TransactionRecord) decoded;
        assertThat(back.entries()).isEqualTo(entries);
        assertThat(back.code()).isEqualTo(7);
        assertThat(back.timestamp()).isEqualTo(1234);
        assertThat(back.legCount()).isEqualTo(1);
    }

    @Provide
    Arbitrary<Long> halves() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE), Arbitraries.longs());
    }
}
