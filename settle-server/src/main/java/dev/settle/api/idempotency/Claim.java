package dev.settle.api.idempotency;

/**
 * A request's hold on its idempotency key: either an answer to replay, or the right to run and
 * have the answer stored with the effect.
 */
public final class Claim implements AutoCloseable {
    private final IdempotencyKeys keys;
    private final String slot;
    private final byte[] storeKey;
    private final byte[] fingerprint;
    private final IdempotencyRecord replay;

    Claim(IdempotencyKeys keys, String slot, byte[] storeKey, byte[] fingerprint, IdempotencyRecord replay) {
        this.keys = keys;
        this.slot = slot;
        this.storeKey = storeKey;
        this.fingerprint = fingerprint;
        this.replay = replay;
    }

    /** The stored answer to replay, or null when the request runs. */
    public IdempotencyRecord replay() {
        return replay;
    }

    /** The key its answer is stored under, in the batch of the effect (ledger number first). */
    public byte[] storeKey() {
        return storeKey;
    }

    /**
     * The first answer, when the key turned out to be answered already where the batch applied
     * (another node took it first); 422 {@code idempotency_key_reused} when it answered another request.
     */
    public IdempotencyRecord replayOf(byte[] storedAnswer) {
        IdempotencyRecord first = IdempotencyRecord.decode(storedAnswer, storeKey, keys.box());
        keys.checkSameRequest(first, fingerprint);
        return first;
    }

    /** SHA-256 of the request's method, path and body: what a retry must match. */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    /** Now, on the clock that ages stored answers: the creation time of an answer stored for this claim. */
    public long recordTimeMillis() {
        return keys.nowMillis();
    }

    /**
     * The stored form of the answer {@code status} and {@code body}, given in {@code apiVersion};
     * sealed under the master key when it shows a secret.
     */
    public byte[] record(int status, String apiVersion, byte[] body, IdempotencyRecord.Storage storage) {
        IdempotencyRecord record = new IdempotencyRecord(keys.nowMillis(), fingerprint, status, apiVersion, body);
        return storage == IdempotencyRecord.Storage.SEALED ? record.encodeSealed(keys.box(), storeKey)
                : record.encode();
    }

    @Override
    public void close() {
        keys.release(slot);
    }
}
