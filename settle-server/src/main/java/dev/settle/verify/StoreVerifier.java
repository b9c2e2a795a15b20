package dev.settle.verify;

import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.ArrayList;
import java.util.List;

/** Verifies every ledger in a store. */
public final class StoreVerifier {
    static final String RECORDS_DECODE = "every record decodes";

    private StoreVerifier() {}

    public static VerifyReport verify(LedgerStore store) {
        return verify(store, new VerifyReport());
    }

    /**
     * {@code settle verify}: the modes of {@code directory} first (opening the store may add files),
     * then every ledger, then the secrets at rest.
     */
    public static VerifyReport verify(java.nio.file.Path directory) {
        VerifyReport report = new VerifyReport();
        SecretsCheck.modes(directory, report);
        try (LedgerStore store = LedgerStore.openReadOnly(directory)) {
            verify(store, report);
            SecretsCheck.records(store, report);
        }
        return report;
    }

    /** The checksum of the store's replicated state (see {@link StateChecksum}), read-only. */
    public static StateChecksum checksum(java.nio.file.Path directory) {
        try (LedgerStore store = LedgerStore.openReadOnly(directory)) {
            return StateChecksum.of(store);
        }
    }

    private static VerifyReport verify(LedgerStore store, VerifyReport report) {
        List<Integer> ledgers = ledgers(store);
        report.count("ledgers", ledgers.size());
        report.checked(RECORDS_DECODE);
        for (int ledger : ledgers) {
            try {
                new LedgerVerifier(store, ledger, report).run();
            } catch (CorruptStoreException e) {
                report.problem(RECORDS_DECODE, "ledger " + ledger + ": " + e.getMessage()
                        + " (checks after this point did not run)");
            }
        }
        return report;
    }

    /** The ledgers that have an applied position (every ledger that ever committed a batch). */
    static List<Integer> ledgers(LedgerStore store) {
        List<Integer> ledgers = new ArrayList<>();
        try (StoreIterator it = store.iterator(ColumnFamily.DEFAULT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length == StoreLayout.positionKey(0).length
                        && java.util.Arrays.equals(key, StoreLayout.positionKey(Bytes.getInt(key, 0)))) {
                    ledgers.add(Bytes.getInt(key, 0));
                }
            }
        }
        return ledgers;
    }
}
