package dev.settle.api.idempotency;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.common.Sha256;
import dev.settle.pod.PodCommand;
import dev.settle.pod.StoreWrites;
import dev.settle.secrets.SecretBox;
import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.WriteBatchRep;
import dev.settle.webhooks.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Stripe's idempotency keys. A request with a key claims it for its tenant while it runs (a
 * second one meanwhile gets 409); a key already answered replays the stored answer when the
 * request is the same and refuses with 422 when it is not. The answer itself is stored by the
 * pod in the batch that applies the effect ({@link Claim#record}). Keys expire after
 * {@link #RETENTION}; {@link #sweep()} deletes expired ones.
 */
public final class IdempotencyKeys {
    /** Marks an answer given again from its stored record. */
    public static final String HEADER_REPLAYED = "Idempotent-Replayed";
    public static final int KEY_CHARS_MAX = 255;
    public static final Duration RETENTION = Duration.ofHours(24);
    /** Deletes per write while sweeping. */
    static final int SWEEP_BATCH_MAX = 1024;
    private static final int LEDGER_BYTES = 4;
    private static final int KEY_HASH_BYTES = Sha256.BYTES;
    /** What marks a plaintext answer from before sealing as one that shows a webhook secret. */
    private static final byte[] SECRET_PREFIX = WebhookSecret.PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final LedgerStore store;
    private final int family;
    private final LongSupplier clockMillis;
    private final SecretBox box;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Where the sweep deletes tenants' keys: the store, or a cluster's pods ({@link #writeThrough}). */
    private volatile StoreWrites writes;
    /** The scope of administrative keys: not a tenant's ledger, kept by each node itself. */
    private static final int ADMIN_LEDGER = 0;

    /** @param box seals the answers that show a secret, and opens them for replays */
    public IdempotencyKeys(LedgerStore store, LongSupplier clockMillis, SecretBox box) {
        this.store = store;
        this.writes = StoreWrites.direct(store);
        this.family = store.columnFamilyIds()[ColumnFamily.IDEMPOTENCY.ordinal()];
        this.clockMillis = clockMillis;
        this.box = box;
    }

    /**
     * Claims {@code key} for a request of {@code ledger} (0 for administration). The caller must
     * {@link Claim#close()} it once its answer is out. Throws 409, 422 or 400 as the rules say.
     */
    public Claim claim(int ledger, String key, String method, String path, byte[] body) {
        checkKey(key);
        byte[] storeKey = storeKey(ledger, key);
        String slot = HexFormat.of().formatHex(storeKey);
        if (!inFlight.add(slot)) {
            throw new ApiException(409, ErrorType.IDEMPOTENCY, "idempotency_key_in_use",
                    "a request with this Idempotency-Key is still running; retry once it has finished", null);
        }
        try {
            byte[] fingerprint = fingerprint(method, path, body);
            byte[] stored = store.get(ColumnFamily.IDEMPOTENCY, storeKey);
            IdempotencyRecord replay = null;
            if (stored != null && !isExpired(IdempotencyRecord.createdMillisOf(stored))) {
                replay = IdempotencyRecord.decode(stored, storeKey, box);
                checkSameRequest(replay, fingerprint);
            }
            return new Claim(this, slot, storeKey, fingerprint, replay);
        } catch (RuntimeException e) {
            inFlight.remove(slot);
            throw e;
        }
    }

    /** 422 {@code idempotency_key_reused} unless {@code first} answered the request of {@code fingerprint}. */
    void checkSameRequest(IdempotencyRecord first, byte[] fingerprint) {
        if (!MessageDigest.isEqual(first.fingerprint(), fingerprint)) {
            throw new ApiException(422, ErrorType.IDEMPOTENCY, "idempotency_key_reused",
                    "this Idempotency-Key was used with a different request (method, path or body);"
                            + " use a new key for a new request", null);
        }
    }

    long nowMillis() {
        return clockMillis.getAsLong();
    }

    SecretBox box() {
        return box;
    }

    /**
     * The start-up step of a key rotation or of the first start after an upgrade (see {@code
     * SecretsAtRest}): seals again under the current master key every sealed answer under an old
     * one, and seals every plaintext answer that shows a webhook secret (written before answers
     * were sealed; any answer holding the secret's prefix is sealed, which is harmless for the
     * rare one that only quotes it). Runs before the API serves; returns how many it rewrote.
     */
    public int reseal() {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        store.scan(ColumnFamily.IDEMPOTENCY, (key, value) -> {
            boolean stale = IdempotencyRecord.isSealed(value)
                    ? !box.isCurrent(IdempotencyRecord.sealedBody(value))
                    : Bytes.contains(value, SECRET_PREFIX);
            if (stale) {
                keys.add(key);
                values.add(value);
            }
        });
        for (int from = 0; from < keys.size(); from += SWEEP_BATCH_MAX) {
            WriteBatchRep rep = new WriteBatchRep();
            for (int i = from; i < Math.min(keys.size(), from + SWEEP_BATCH_MAX); i++) {
                byte[] key = keys.get(i);
                rep.put(family, key, IdempotencyRecord.decode(values.get(i), key, box).encodeSealed(box, key));
            }
            store.write(rep.toBytes());
        }
        return keys.size();
    }


    void release(String slot) {
        inFlight.remove(slot);
    }

    private boolean isExpired(long createdMillis) {
        return clockMillis.getAsLong() - createdMillis >= RETENTION.toMillis();
    }

    /** Deletes every expired key not in use right now; returns how many. */
    public int sweep() {
        List<byte[]> expired = new ArrayList<>();
        store.scan(ColumnFamily.IDEMPOTENCY, (key, value) -> {
            if (isExpired(IdempotencyRecord.createdMillisOf(value))) {
                expired.add(key);
            }
        });
        int removed = 0;
        for (int from = 0; from < expired.size(); from += SWEEP_BATCH_MAX) {
            removed += deleteIfStillExpired(expired.subList(from, Math.min(expired.size(), from + SWEEP_BATCH_MAX)));
        }
        return removed;
    }

    /**
     * Claims each key (so no request rewrites it meanwhile), checks it again and deletes it: a
     * tenant's keys through {@link #writeThrough}'s writes (through the pod on a cluster), the
     * administration's (ledger 0, this node's own answers) straight to the store.
     */
    private int deleteIfStillExpired(List<byte[]> keys) {
        List<String> claimed = new ArrayList<>();
        try {
            java.util.Map<Integer, List<PodCommand.StoreOp>> byLedger = new java.util.TreeMap<>();
            int deleted = 0;
            for (byte[] key : keys) {
                String slot = HexFormat.of().formatHex(key);
                if (!inFlight.add(slot)) {
                    continue;
                }
                claimed.add(slot);
                byte[] value = store.get(ColumnFamily.IDEMPOTENCY, key);
                if (value != null && isExpired(IdempotencyRecord.createdMillisOf(value))) {
                    byLedger.computeIfAbsent(Bytes.getInt(key, 0), l -> new ArrayList<>())
                            .add(PodCommand.StoreOp.delete(ColumnFamily.IDEMPOTENCY, key));
                    deleted++;
                }
            }
            byLedger.forEach((ledger, ops) -> (ledger == ADMIN_LEDGER ? StoreWrites.direct(store) : writes)
                    .write(ledger, ops, true));
            return deleted;
        } finally {
            claimed.forEach(inFlight::remove);
        }
    }

    /** On a cluster: the sweep deletes tenants' expired keys through the pods, so every replica deletes them. */
    public void writeThrough(StoreWrites target) {
        this.writes = target;
    }

    private static void checkKey(String key) {
        boolean printable = !key.isEmpty() && key.length() <= KEY_CHARS_MAX
                && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
        if (!printable) {
            throw ApiException.invalid("idempotency_key_invalid",
                    "Idempotency-Key must be 1 to " + KEY_CHARS_MAX + " printable ASCII characters", null);
        }
    }

    private static byte[] storeKey(int ledger, String key) {
        ByteSink out = new ByteSink(LEDGER_BYTES + KEY_HASH_BYTES);
        out.putInt(ledger);
        out.putBytes(Sha256.of(key));
        return out.toArray();
    }

    static byte[] fingerprint(String method, String path, byte[] body) {
        MessageDigest digest = Sha256.digest();
        digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(body);
        return digest.digest();
    }

}
