package dev.settle.pod;

import dev.settle.events.EventType;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.Balances;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.UInt128;
import dev.settle.ledger.reference.ReferenceLedger;
import dev.settle.ledger.reference.ScenarioRunner;
import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreReader;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares what a store holds with the reference model, through the store's read paths. */
final class StoreInspector {
    private StoreInspector() {}

    static Map<UInt128, ReferenceLedger.AccountState> accounts(LedgerStore store, int ledger) {
        Map<UInt128, ReferenceLedger.AccountState> out = new TreeMap<>();
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        try (StoreIterator it = store.iterator(ColumnFamily.ACCOUNTS)) {
            for (it.seek(prefix); it.isValid() && Bytes.getInt(it.key(), 0) == ledger; it.next()) {
                UInt128 id = new UInt128(Bytes.getLong(it.key(), 4), Bytes.getLong(it.key(), 12));
                AccountRecord a = StoreReader.account(store, ledger, id);
                out.put(id, new ReferenceLedger.AccountState(id, a.ledger(), a.code(), a.flags(), a.timestamp(),
                        a.debitsPending().toBigInteger(), a.debitsPosted().toBigInteger(),
                        a.creditsPending().toBigInteger(), a.creditsPosted().toBigInteger(), a.lastTransferTimestamp()));
            }
        }
        return out;
    }

    static long countTransfers(LedgerStore store, int ledger) {
        long n = 0;
        try (StoreIterator it = store.iterator(ColumnFamily.TRANSFERS)) {
            for (it.seek(StoreLayout.ledgerPrefix(ledger)); it.isValid() && Bytes.getInt(it.key(), 0) == ledger; it.next()) {
                n += dev.settle.store.TransferChunks.count(it.value());
            }
        }
        return n;
    }

    static long count(LedgerStore store, ColumnFamily family, int ledger) {
        long n = 0;
        try (StoreIterator it = store.iterator(family)) {
            for (it.seek(StoreLayout.ledgerPrefix(ledger)); it.isValid() && Bytes.getInt(it.key(), 0) == ledger; it.next()) {
                n++;
            }
        }
        return n;
    }

    /** Lists through the chain in pages of 3, so paging is exercised too. */
    private static List<String> listAll(LedgerStore store, int ledger, UInt128 account) {
        List<String> all = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            List<TransferRecord> page = StoreReader.accountTransfers(store, ledger, account, after, 3);
            page.forEach(t -> all.add(ScenarioRunner.describe(t)));
            if (page.size() < 3) {
                return all;
            }
            after = page.get(page.size() - 1).timestamp();
        }
    }

    static void assertSameAsModel(LedgerStore store, int ledger, ReferenceLedger model) {
        assertThat(accounts(store, ledger)).as("stored accounts").isEqualTo(new TreeMap<>(model.accounts()));
        Map<UInt128, String> stored = new TreeMap<>();
        for (UInt128 id : model.transfers().keySet()) {
            TransferRecord t = StoreReader.transfer(store, ledger, id);
            stored.put(id, t == null ? "missing" : ScenarioRunner.describe(t));
        }
        assertThat(stored).as("stored transfers").isEqualTo(ScenarioRunner.describeTransfers(model.transfers()));
        assertThat(countTransfers(store, ledger)).as("transfer records").isEqualTo(model.transfers().size());
        assertThat(count(store, ColumnFamily.TRANSFER_IDS, ledger)).as("transfer ids, created and failed")
                .isEqualTo(model.transfers().size() + model.failedTransfers().size());
        for (UInt128 account : model.accounts().keySet()) {
            List<String> expected = model.transfers().values().stream()
                    .filter(t -> t.debitAccountId().equals(account) || t.creditAccountId().equals(account))
                    .sorted((a, b) -> Long.compare(b.timestamp(), a.timestamp())).map(ScenarioRunner::describe).toList();
            assertThat(listAll(store, ledger, account)).as("transfers of account %s, newest first", account)
                    .isEqualTo(expected);
        }
        for (Map.Entry<UInt128, List<Balances>> history : model.history().entrySet()) {
            assertThat(StoreReader.history(store, ledger, history.getKey())).as("history of %s", history.getKey())
                    .isEqualTo(history.getValue());
        }
        assertThat(events(store, ledger)).as("events: one per change").isEqualTo(expectedEvents(model));
    }

    /** The ledger's events as sorted "type id" lines, after checking their sequences run 1, 2, 3, … */
    private static List<String> events(LedgerStore store, int ledger) {
        List<dev.settle.events.Event> events = dev.settle.events.StoredEvents.after(store, ledger, 0, Integer.MAX_VALUE,
                e -> true);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).sequence()).as("event sequence").isEqualTo(i + 1);
        }
        return events.stream().map(e -> e.type().typeName() + " " + e.objectId()).sorted().toList();
    }

    private static List<String> expectedEvents(ReferenceLedger model) {
        List<String> expected = new java.util.ArrayList<>();
        model.accounts().keySet().forEach(id -> expected.add(EventType.ACCOUNT_CREATED.typeName() + " " + id));
        model.transfers().forEach((id, t) -> {
            expected.add(EventType.ofNewTransfer(t.flags()).typeName() + " " + id);
            if (t.status() == dev.settle.ledger.TransferStatus.EXPIRED) {
                expected.add(EventType.TRANSFER_EXPIRED.typeName() + " " + id);
            }
        });
        model.transactions().keySet().forEach(id -> expected.add(EventType.TRANSACTION_CREATED.typeName() + " " + id));
        java.util.Collections.sort(expected);
        return expected;
    }
}
