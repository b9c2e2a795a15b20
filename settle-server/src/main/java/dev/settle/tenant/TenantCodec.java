package dev.settle.tenant;

import dev.settle.ledger.UInt128;
import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;
import java.nio.charset.StandardCharsets;

/** A tenant's record in the {@code tenants} column family: key = id (16 bytes). */
final class TenantCodec {
    private static final int VERSION = 1;
    private static final int ID_BYTES = 16;

    private TenantCodec() {}

    static byte[] key(UInt128 id) {
        ByteSink out = new ByteSink(ID_BYTES);
        out.putLong(id.high());
        out.putLong(id.low());
        return out.toArray();
    }

    /** [version:1][ledger:4][created millis:8][key hash:32][name length:1][name][version length:1][api version] */
    static byte[] encode(Tenant t) {
        byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
        byte[] apiVersion = t.apiVersion().getBytes(StandardCharsets.US_ASCII);
        ByteSink out = new ByteSink(64 + name.length);
        out.putByte(VERSION);
        out.putInt(t.ledger());
        out.putLong(t.createdMillis());
        out.putBytes(t.keyHash());
        out.putByte(name.length);
        out.putBytes(name);
        out.putByte(apiVersion.length);
        out.putBytes(apiVersion);
        return out.toArray();
    }

    static Tenant decode(byte[] key, byte[] v) {
        if (v.length < 1 || v[0] != VERSION) {
            throw new CorruptStoreException("unknown tenant record version");
        }
        int at = 1;
        int ledger = Bytes.getInt(v, at);
        long created = Bytes.getLong(v, at + 4);
        at += 12;
        byte[] hash = java.util.Arrays.copyOfRange(v, at, at + ApiKeys.HASH_BYTES);
        at += ApiKeys.HASH_BYTES;
        int nameLength = v[at++] & 0xFF;
        String name = new String(v, at, nameLength, StandardCharsets.UTF_8);
        at += nameLength;
        int versionLength = v[at++] & 0xFF;
        String apiVersion = new String(v, at, versionLength, StandardCharsets.US_ASCII);
        return new Tenant(new UInt128(Bytes.getLong(key, 0), Bytes.getLong(key, 8)), name, ledger, apiVersion, hash,
                created);
    }
}
