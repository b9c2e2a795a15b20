package dev.settle.tenant;

import dev.settle.ledger.UInt128;
import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;
import dev.settle.traffic.TenantLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tenant's record in the {@code tenants} column family: key = id (16 bytes).
 *
 * <pre>
 * version 3: [3][ledger:4][pod:2][created millis:8][name length:1][name]
 *            [api version length:1][api version][has limits:1]
 *            ([reads per second:4][writes per second:4][concurrent requests max:4] when it has)
 *            [active:1][keys:1] then each key:
 *            [id:16][hash:32][hint length:1 (0 or 4)][hint][created millis:8][expires millis:8][revoked millis:8]
 * version 2: [2][ledger:4][pod:2][created millis:8][key hash:32][name length:1][name]
 *            [api version length:1][api version][has limits:1]
 *            ([reads per second:4][writes per second:4][concurrent requests max:4] when it has)
 * version 1: [1][ledger:4][created millis:8][key hash:32][name length:1][name]
 *            [api version length:1][api version]          (read as pod 0, default limits)
 * </pre>
 * A version 1 or 2 record has one key, active, without a hint; its id is the tenant's id, so
 * that it stays the same at every start until the record is written again as version 3.
 */
final class TenantCodec {
    private static final int VERSION = 3;
    private static final int VERSION_ONE_KEY = 2;
    private static final int VERSION_WITHOUT_POD = 1;
    private static final int ID_BYTES = 16;
    private static final int KEY_BYTES_MAX = ID_BYTES + ApiKeys.HASH_BYTES + 1 + ApiKey.LAST4_CHARS + 3 * 8;

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
        ByteSink out = new ByteSink(64 + name.length + t.keys().size() * KEY_BYTES_MAX);
        out.putByte(VERSION);
        out.putInt(t.ledger());
        out.putShort(t.pod());
        out.putLong(t.createdMillis());
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
        out.putByte(t.active() ? 1 : 0);
        out.putByte(t.keys().size());
        for (ApiKey k : t.keys()) {
            out.putLong(k.id().high());
            out.putLong(k.id().low());
            out.putBytes(k.hash());
            byte[] hint = k.last4() == null ? new byte[0] : k.last4().getBytes(StandardCharsets.US_ASCII);
            out.putByte(hint.length);
            out.putBytes(hint);
            out.putLong(k.createdMillis());
            out.putLong(k.expiresMillis());
            out.putLong(k.revokedMillis());
        }
        return out.toArray();
    }

    static Tenant decode(byte[] key, byte[] v) {
        int version = v.length < 1 ? -1 : v[0];
        if (version != VERSION && version != VERSION_ONE_KEY && version != VERSION_WITHOUT_POD) {
            throw new CorruptStoreException("unknown tenant record version");
        }
        UInt128 id = new UInt128(Bytes.getLong(key, 0), Bytes.getLong(key, 8));
        int[] at = {1};
        int ledger = Bytes.getInt(v, at[0]);
        at[0] += 4;
        int pod = 0;
        if (version != VERSION_WITHOUT_POD) {
            pod = Bytes.getShort(v, at[0]);
            at[0] += 2;
        }
        long created = Bytes.getLong(v, at[0]);
        at[0] += 8;
        byte[] oldHash = null;
        if (version != VERSION) {
            oldHash = Arrays.copyOfRange(v, at[0], at[0] + ApiKeys.HASH_BYTES);
            at[0] += ApiKeys.HASH_BYTES;
        }
        String name = string(v, at, StandardCharsets.UTF_8);
        String apiVersion = string(v, at, StandardCharsets.US_ASCII);
        TenantLimits limits = null;
        if (version != VERSION_WITHOUT_POD && v[at[0]++] == 1) {
            limits = new TenantLimits(Bytes.getInt(v, at[0]), Bytes.getInt(v, at[0] + 4), Bytes.getInt(v, at[0] + 8));
            at[0] += 12;
        }
        if (version != VERSION) {
            ApiKey only = new ApiKey(id, oldHash, null, created, ApiKey.NEVER, ApiKey.NEVER);
            return new Tenant(id, name, ledger, pod, apiVersion, created, limits, List.of(only), true);
        }
        boolean active = v[at[0]++] == 1;
        int count = v[at[0]++] & 0xFF;
        List<ApiKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(apiKey(v, at));
        }
        if (at[0] != v.length) {
            throw new CorruptStoreException("a tenant record is longer than its fields");
        }
        return new Tenant(id, name, ledger, pod, apiVersion, created, limits, keys, active);
    }

    private static ApiKey apiKey(byte[] v, int[] at) {
        UInt128 keyId = new UInt128(Bytes.getLong(v, at[0]), Bytes.getLong(v, at[0] + 8));
        at[0] += ID_BYTES;
        byte[] hash = Arrays.copyOfRange(v, at[0], at[0] + ApiKeys.HASH_BYTES);
        at[0] += ApiKeys.HASH_BYTES;
        String hint = string(v, at, StandardCharsets.US_ASCII);
        long created = Bytes.getLong(v, at[0]);
        long expires = Bytes.getLong(v, at[0] + 8);
        long revoked = Bytes.getLong(v, at[0] + 16);
        at[0] += 24;
        return new ApiKey(keyId, hash, hint.isEmpty() ? null : hint, created, expires, revoked);
    }

    /** A string of a one-byte length and its bytes, at {@code at[0]}, which moves past it. */
    private static String string(byte[] v, int[] at, java.nio.charset.Charset charset) {
        int length = v[at[0]++] & 0xFF;
        String s = new String(v, at[0], length, charset);
        at[0] += length;
        return s;
    }
}
