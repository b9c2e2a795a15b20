package dev.settle.reconciliation;

import dev.settle.ledger.UInt128;
import dev.settle.reconciliation.matching.MatchRule;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Reads reconciliation's records as written (each write awaited durable before anyone relies on it). */
public final class ReconReads {
    private final LedgerStore store;

    public ReconReads(LedgerStore store) {
        this.store = store;
    }

    public Statement statement(int ledger, UInt128 id) {
        byte[] v = store.get(ColumnFamily.RECONCILIATION, ReconKeys.statement(ledger, id));
        return v == null ? null : Statement.decode(v);
    }

    public Run run(int ledger, UInt128 id) {
        byte[] v = store.get(ColumnFamily.RECONCILIATION, ReconKeys.run(ledger, id));
        return v == null ? null : Run.decode(v);
    }

    public ExpectedPayment expected(int ledger, UInt128 id) {
        byte[] v = store.get(ColumnFamily.RECONCILIATION, ReconKeys.expected(ledger, id));
        return v == null ? null : ExpectedPayment.decode(v);
    }

    public StoredLine line(int ledger, LineRef ref) {
        byte[] v = store.get(ColumnFamily.RECONCILIATION, ReconKeys.line(ledger, ref));
        return v == null ? null : StoredLine.decode(ref, v);
    }

    byte[] raw(byte[] key) {
        return store.get(ColumnFamily.RECONCILIATION, key);
    }

    List<byte[]> rawMany(List<byte[]> keys) {
        return keys.isEmpty() ? List.of() : store.multiGet(ColumnFamily.RECONCILIATION, keys);
    }

    /** The tenant's rules, in order (empty: none declared, the defaults apply). */
    public List<StoredRule> storedRules(int ledger) {
        byte[] v = store.get(ColumnFamily.RECONCILIATION, ReconKeys.rules(ledger));
        return v == null ? List.of() : StoredRule.decodeAll(v);
    }

    /** The rules matching runs with: the tenant's, or the defaults when it declared none. */
    public List<MatchRule> rules(int ledger) {
        List<StoredRule> stored = storedRules(ledger);
        return stored.isEmpty() ? MatchRule.defaults() : stored.stream().map(StoredRule::rule).toList();
    }

    List<ExpectedPayment> openExpected(int ledger, UInt128 account) {
        List<ExpectedPayment> open = new ArrayList<>();
        scan(ReconKeys.prefix(ledger, ReconKeys.EXPECTED), null, Integer.MAX_VALUE, (k, v) -> {
            ExpectedPayment e = ExpectedPayment.decode(v);
            if (e.isOpen() && e.account().equals(account)) {
                open.add(e);
            }
            return true;
        });
        return open;
    }

    /** A page of records of one kind in key order, after {@code afterKey} (null: from the first). */
    <T> Page<T> page(int ledger, byte kind, byte[] afterKey, int limit, Decoder<T> decoder, Predicate<T> filter) {
        return page(ReconKeys.prefix(ledger, kind), afterKey, limit, decoder, filter);
    }

    private <T> Page<T> page(byte[] prefix, byte[] afterKey, int limit, Decoder<T> decoder, Predicate<T> filter) {
        List<T> items = new ArrayList<>();
        byte[][] last = {null};
        boolean[] more = {false};
        scan(prefix, afterKey, Integer.MAX_VALUE, (k, v) -> {
            T item = decoder.decode(k, v);
            if (item == null || !filter.test(item)) {
                return true;
            }
            if (items.size() == limit) {
                more[0] = true;
                return false;
            }
            items.add(item);
            last[0] = k;
            return true;
        });
        return new Page<>(items, more[0], last[0]);
    }

    /** A page of a statement's lines, after line {@code after} (null: from the first). */
    public Page<StoredLine> lines(int ledger, UInt128 statement, LineRef after, int limit,
            Predicate<StoredLine> filter) {
        byte[] prefix = ReconKeys.statementLines(ledger, statement);
        return page(prefix, after == null ? null : ReconKeys.line(ledger, after), limit,
                (k, v) -> StoredLine.decode(ReconKeys.lineOf(k), v), filter);
    }

    /** Every line of a statement, in order. */
    void forEachLine(int ledger, UInt128 statement, java.util.function.Consumer<StoredLine> visitor) {
        byte[] prefix = ReconKeys.statementLines(ledger, statement);
        scan(prefix, null, Integer.MAX_VALUE, (k, v) -> {
            visitor.accept(StoredLine.decode(ReconKeys.lineOf(k), v));
            return true;
        });
    }

    /** A page of the exceptions queue (unmatched lines, oldest statement first), after line {@code after}. */
    public Page<StoredLine> exceptions(int ledger, LineRef after, int limit, Predicate<StoredLine> filter) {
        return page(ReconKeys.prefix(ledger, ReconKeys.OPEN), after == null ? null : ReconKeys.open(ledger, after),
                limit, (k, v) -> line(ledger, ReconKeys.lineOf(k)), filter);
    }

    /** A page of the transfers no statement showed in time (by time), after the one at {@code afterTimestamp}. */
    public Page<long[]> missingTransfers(int ledger, long afterTimestamp, int limit,
            java.util.function.LongPredicate filter) {
        return page(ReconKeys.prefix(ledger, ReconKeys.MISSING), afterTimestamp == 0 ? null
                : ReconKeys.missing(ledger, afterTimestamp), limit, (k, v) -> new long[] {ReconKeys.timestampOf(k)},
                ts -> filter.test(ts[0]));
    }

    /** A page of statements (oldest first) after {@code after}. */
    public Page<Statement> statements(int ledger, UInt128 after, int limit, Predicate<Statement> filter) {
        return page(ledger, ReconKeys.STATEMENT, after == null ? null : ReconKeys.statement(ledger, after), limit,
                (k, v) -> Statement.decode(v), filter);
    }

    /** A page of expected payments (oldest first) after {@code after}. */
    public Page<ExpectedPayment> expectedPayments(int ledger, UInt128 after, int limit,
            Predicate<ExpectedPayment> filter) {
        return page(ledger, ReconKeys.EXPECTED, after == null ? null : ReconKeys.expected(ledger, after), limit,
                (k, v) -> ExpectedPayment.decode(v), filter);
    }

    /** Turns a record (key and value) into an item, or null to skip it. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] key, byte[] value);
    }

    public record Page<T>(List<T> items, boolean hasMore, byte[] lastKey) {}

    @FunctionalInterface
    interface Visitor {
        /** False to stop. */
        boolean visit(byte[] key, byte[] value);
    }

    void scan(byte[] prefix, byte[] afterKey, int limit, Visitor visitor) {
        byte[] end = ReconKeys.after(prefix);
        int seen = 0;
        try (StoreIterator it = store.iterator(ColumnFamily.RECONCILIATION)) {
            it.seek(afterKey == null ? prefix : afterKey);
            if (afterKey != null && it.isValid() && Arrays.equals(it.key(), afterKey)) {
                it.next();
            }
            for (; it.isValid() && Arrays.compareUnsigned(it.key(), end) < 0 && seen < limit; it.next(), seen++) {
                if (!visitor.visit(it.key(), it.value())) {
                    break;
                }
            }
            it.checkStatus();
        }
    }
}
