package dev.settle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.store.StoreLayout.ColumnFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;

class WriteBatchRepTest {
    @TempDir
    Path directory;

    @Test
    void serializedBatchIsByteForByteWhatRocksDbBuilds() throws Exception {
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            ColumnFamilyHandle transfers = store.handle(ColumnFamily.TRANSFERS);
            byte[] longValue = new byte[300]; // a value length that needs a two-byte varint
            longValue[299] = 7;
            WriteBatchRep rep = new WriteBatchRep();
            rep.put(0, bytes("k0"), bytes("v0"));
            rep.put(transfers.getID(), bytes("k1"), longValue);
            rep.beginDelete(transfers.getID(), 2).putBytes(bytes("k2"));
            rep.beginPut(transfers.getID(), 2).putBytes(bytes("k3"));
            rep.endPutEmpty();
            rep.deleteRange(transfers.getID(), bytes("k4"), bytes("k9"));
            rep.deleteRange(0, bytes("a"), bytes("b"));
            try (WriteBatch expected = new WriteBatch()) {
                expected.put(bytes("k0"), bytes("v0"));
                expected.put(transfers, bytes("k1"), longValue);
                expected.delete(transfers, bytes("k2"));
                expected.put(transfers, bytes("k3"), new byte[0]);
                expected.deleteRange(transfers, bytes("k4"), bytes("k9"));
                expected.deleteRange(bytes("a"), bytes("b"));
                assertThat(rep.toBytes()).isEqualTo(expected.data());
            }
        }
    }

    @Test
    void aPutAddedToAFinishedBatchIsWhatRocksDbBuildsWithIt() throws Exception {
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            ColumnFamilyHandle transfers = store.handle(ColumnFamily.TRANSFERS);
            WriteBatchRep rep = new WriteBatchRep();
            rep.put(transfers.getID(), bytes("k1"), bytes("v1"));
            rep.delete(0, bytes("k2"));
            byte[] joined = WriteBatchRep.withPut(rep.toBytes(), 0, bytes("applied"), new byte[300]);
            try (WriteBatch expected = new WriteBatch()) {
                expected.put(transfers, bytes("k1"), bytes("v1"));
                expected.delete(bytes("k2"));
                expected.put(bytes("applied"), new byte[300]);
                assertThat(joined).isEqualTo(expected.data());
            }
        }
    }

    @Test
    void serializedBatchIsApplied() {
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            int transfers = store.columnFamilyIds()[ColumnFamily.TRANSFERS.ordinal()];
            WriteBatchRep rep = new WriteBatchRep();
            rep.put(transfers, bytes("a"), bytes("1"));
            rep.put(transfers, bytes("b"), bytes("2"));
            store.write(rep.toBytes());
            rep.reset();
            rep.beginDelete(transfers, 1).putBytes(bytes("a"));
            store.write(rep.toBytes());
            assertThat(store.get(ColumnFamily.TRANSFERS, bytes("a"))).isNull();
            assertThat(store.get(ColumnFamily.TRANSFERS, bytes("b"))).isEqualTo(bytes("2"));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
