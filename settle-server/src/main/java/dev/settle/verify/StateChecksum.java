package dev.settle.verify;

import dev.settle.common.Sha256;
import dev.settle.secrets.KeyCheck;
import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A digest of a store's replicated state: every record of every column family, in key order, except
 * the records that belong to one node (the master key check: each node checks its own key file).
 * Replicas that applied the same log entries have the same checksum; a difference means they
 * diverged (or that one of them is at another applied index, which the caller prints beside it).
 *
 * @param sha256 hex SHA-256 over (family name, then each record's key length, key, value length, value)
 * @param records how many records went into it
 */
public record StateChecksum(String sha256, long records) {

    public static StateChecksum of(LedgerStore store) {
        MessageDigest digest = Sha256.digest();
        long records = 0;
        byte[] length = new byte[Integer.BYTES];
        for (ColumnFamily family : ColumnFamily.values()) {
            digest.update(StoreLayout.COLUMN_FAMILIES.get(family.ordinal()).getBytes(StandardCharsets.US_ASCII));
            try (StoreIterator it = store.iterator(family)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    if (family == ColumnFamily.DEFAULT && isNodeLocal(key)) {
                        continue;
                    }
                    byte[] value = it.value();
                    update(digest, length, key);
                    update(digest, length, value);
                    records++;
                }
            }
        }
        return new StateChecksum(HexFormat.of().formatHex(digest.digest()), records);
    }

    private static boolean isNodeLocal(byte[] key) {
        return Arrays.equals(key, KeyCheck.KEY);
    }

    private static void update(MessageDigest digest, byte[] length, byte[] bytes) {
        Bytes.putInt(length, 0, bytes.length);
        digest.update(length);
        digest.update(bytes);
    }
}
