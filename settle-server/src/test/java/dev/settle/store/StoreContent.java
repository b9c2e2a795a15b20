package dev.settle.store;

import dev.settle.store.StoreLayout.ColumnFamily;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Small helpers for the snapshot tests: writes by name and every record of a store as text. */
final class StoreContent {
    private StoreContent() {}

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static void put(LedgerStore store, ColumnFamily family, String key, String value) {
        WriteBatchRep rep = new WriteBatchRep();
        rep.put(store.columnFamilyIds()[family.ordinal()], bytes(key), bytes(value));
        store.write(rep.toBytes());
    }

    static void delete(LedgerStore store, ColumnFamily family, String key) {
        WriteBatchRep rep = new WriteBatchRep();
        rep.delete(store.columnFamilyIds()[family.ordinal()], bytes(key));
        store.write(rep.toBytes());
    }

    static String get(LedgerStore store, ColumnFamily family, String key) {
        byte[] value = store.get(family, bytes(key));
        return value == null ? null : new String(value, StandardCharsets.US_ASCII);
    }

    /** Every record of every column family, "family key=value" in key order (hex for binary keys). */
    static List<String> all(LedgerStore store) {
        List<String> records = new ArrayList<>();
        for (ColumnFamily family : ColumnFamily.values()) {
            store.scan(family, (key, value) -> records.add(family + " " + HexFormat.of().formatHex(key) + "="
                    + HexFormat.of().formatHex(value)));
        }
        return records;
    }
}
