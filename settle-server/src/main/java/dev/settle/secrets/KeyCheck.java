package dev.settle.secrets;

import dev.settle.store.CorruptStoreException;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.WriteBatchRep;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key check record, {@code default}/{@code "master_key_check"}: which master keys the
 * directory's sealed values may be under, and a value sealed under the first of them, so that a
 * wrong key fails at start with a clear message rather than with garbage later.
 *
 * <pre>
 * [format:1 = 1][plaintext may remain:1][key count:1][key id:4]...[sealed check value]
 * </pre>
 *
 * Between a rotation's start and its end the record lists the new key and the old ones; once
 * every value is re-sealed it lists the new key only. "Plaintext may remain" is set until the
 * first start of a Settle that seals has sealed the plaintext secrets an older one wrote.
 *
 * @param keyIds the keys values may be under, the one that sealed the check value first
 * @param plaintextMayRemain whether records from before sealing may still hold a secret in plaintext
 */
public record KeyCheck(List<Integer> keyIds, boolean plaintextMayRemain, byte[] sealedCheck) {
    public static final byte[] KEY = "master_key_check".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;
    private static final byte[] CHECK_PLAINTEXT = "settle master key check".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTEXT = SecretBox.context(StoreLayout.DEFAULT, KEY);

    public KeyCheck {
        keyIds = List.copyOf(keyIds);
        if (keyIds.isEmpty() || keyIds.size() > MasterKeys.KEYS_MAX + 1) {
            throw new CorruptStoreException("the master key check record lists " + keyIds.size() + " keys");
        }
    }

    /** The stored record, or null when the directory has none (new, or written before sealing). */
    public static KeyCheck read(LedgerStore store) {
        byte[] value = store.get(ColumnFamily.DEFAULT, KEY);
        return value == null ? null : decode(value);
    }

    /** A record for {@code box}'s current key first, then {@code others}, checked by a new sealed value. */
    static KeyCheck of(SecretBox box, List<Integer> others, boolean plaintextMayRemain) {
        List<Integer> ids = new ArrayList<>();
        ids.add(box.current().id());
        others.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        return new KeyCheck(ids, plaintextMayRemain, box.seal(CHECK_PLAINTEXT, CONTEXT));
    }

    /** Whether {@code box} opens the check value (its key is the first listed). */
    boolean opensWith(SecretBox box) {
        try {
            return Arrays.equals(box.open(sealedCheck, CONTEXT), CHECK_PLAINTEXT);
        } catch (CorruptStoreException e) {
            return false;
        }
    }

    void write(LedgerStore store) {
        WriteBatchRep rep = new WriteBatchRep();
        rep.put(store.columnFamilyIds()[ColumnFamily.DEFAULT.ordinal()], KEY, encode());
        store.write(rep.toBytes());
    }

    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(3 + keyIds.size() * MasterKey.ID_BYTES + sealedCheck.length);
        out.put((byte) FORMAT).put((byte) (plaintextMayRemain ? 1 : 0)).put((byte) keyIds.size());
        keyIds.forEach(out::putInt);
        out.put(sealedCheck);
        return out.array();
    }

    static KeyCheck decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        if (value.length < 3 || in.get() != FORMAT) {
            throw new CorruptStoreException("unknown master key check record format");
        }
        boolean plaintext = in.get() != 0;
        int count = in.get() & 0xFF;
        if (in.remaining() < count * MasterKey.ID_BYTES + SecretBox.OVERHEAD_BYTES) {
            throw new CorruptStoreException("the master key check record is truncated");
        }
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(in.getInt());
        }
        byte[] sealed = Arrays.copyOfRange(value, in.position(), value.length);
        return new KeyCheck(ids, plaintext, sealed);
    }

    /** The ids as the log and messages show them. */
    public String idsText() {
        return String.join(", ", keyIds.stream().map(MasterKey::idText).toList());
    }
}
