package dev.settle.tenant;

import dev.settle.ledger.UInt128;
import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;
import dev.settle.traffic.TenantLimits;
import java.nio.charset.StandardCharsets;

/**
 * A tenant's record in the {@code tenants} column family: key = id (16 bytes).
 *
 * <pre>
 * version 2: [2][ledger:4][pod:2][created millis:8][key hash:32][name length:1][name]
 *            [api version length:1][api version][has limits:1]
 *            ([reads per second:4][writes per second:4][concurrent requests max:4] when it has)
 * version 1: [1][ledger:4][created millis:8][key hash:32][name length:1][name]
 *            [api version length:1][api version]          (read as pod 0, default limits)
 * </pre>
 */
final class TenantCodec {
    private static final int VERSION = 2;
    private static final int VERSION_WITHOUT_POD = 1;
    private static final int ID_BYTES = 16;

    private TenantCodec() {}

    static byte[] key(UInt128 id) {
        ByteSink out = new ByteSink(ID_BYTES);
        out.putLong(id.high());
        out.putLong(id.low());
        return out.toArray();
    }

    static byte[] encode(Tenant t) {
        byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
        byte[] apiVersion = t.apiVersion().getBytes(StandardCharsets.US_ASCII);
        ByteSink out = new ByteSink(80 + name.length);
        out.putByte(VERSION);
        out.putInt(t.ledger());
        out.putShort(t.pod());
        out.putLong(t.createdMillis());
        out.putBytes(t.keyHash());
        out.putByte(name.length);
        out.putBytes(name);
        out.putByte(apiVersion.length);
        out.putBytes(apiVersion);
        TenantLimits limits = t.limits();
        out.putByte(limits == null ? 0 : 1);
        if (limits != null) {
            out.putInt(limits.readsPerSecond());
            out.putInt(limits.writesPerSecond());
            out.putInt(limits.concurrentRequestsMax());
        }
        return out.toArray();
    }

    static Tenant decode(byte[] key, byte[] v) {
        int version = v.length < 1 ? -1 : v[0];
        if (version != VERSION && version != VERSION_WITHOUT_POD) {
            throw new CorruptStoreException("unknown tenant record version");
        }
        int at = 1;
        int ledger = Bytes.getInt(v, at);
        at += 4;
        int pod = 0;
        if (version == VERSION) {
            pod = Bytes.getShort(v, at);
            at += 2;
        }
        long created = Bytes.getLong(v, at);
        at += 8;
        byte[] hash = java.util.Arrays.copyOfRange(v, at, at + ApiKeys.HASH_BYTES);
        at += ApiKeys.HASH_BYTES;
        int nameLength = v[at++] & 0xFF;
        String name = new String(v, at, nameLength, StandardCharsets.UTF_8);
        at += nameLength;
        int versionLength = v[at++] & 0xFF;
        String apiVersion = new String(v, at, versionLength, StandardCharsets.US_ASCII);
        at += versionLength;
        TenantLimits limits = null;
        if (version == VERSION && v[at++] == 1) {
            limits = new TenantLimits(Bytes.getInt(v, at), Bytes.getInt(v, at + 4), Bytes.getInt(v, at + 8));
        }
        return new Tenant(new UInt128(Bytes.getLong(key, 0), Bytes.getLong(key, 8)), name, ledger, pod, apiVersion,
                hash, created, limits);
    }
}
