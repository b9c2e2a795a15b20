package dev.settle.api.idempotency;

import dev.settle.secrets.SecretBox;
import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;
import dev.settle.store.StoreLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A stored answer to an idempotent request, in the {@code idempotency} column family.
 *
 * <pre>[format:1][created millis:8][fingerprint:32][status:2][version length:1][version][body]</pre>
 *
 * Format 1 holds the body as it is; format 2 (an answer that shows a secret, such as a webhook
 * endpoint's signing secret) holds it sealed under the master key ({@link SecretBox}), bound to
 * the record's key. The header stays readable: expiry and the fingerprint need no key.
 *
 * @param fingerprint SHA-256 of the request's method, path and body: a retry must match it
 */
public record IdempotencyRecord(long createdMillis, byte[] fingerprint, int status, String apiVersion, byte[] body) {
    static final int FORMAT_PLAIN = 1;
    static final int FORMAT_SEALED = 2;
    public static final int FINGERPRINT_BYTES = dev.settle.common.Sha256.BYTES;
    private static final int HEADER_BYTES = 1 + 8 + FINGERPRINT_BYTES + 2 + 1;

    /** How an answer is stored: as it is, or sealed because it shows a secret. */
    public enum Storage { PLAIN, SEALED }

    /** The stored form: the body as it is. */
    public byte[] encode() {
        return encode(FORMAT_PLAIN, body);
    }

    /** The stored form with the body sealed by {@code box} for the record stored under {@code storeKey}. */
    public byte[] encodeSealed(SecretBox box, byte[] storeKey) {
        return encode(FORMAT_SEALED, box.seal(body, context(storeKey)));
    }

    private byte[] encode(int format, byte[] storedBody) {
        byte[] version = apiVersion.getBytes(StandardCharsets.US_ASCII);
        ByteSink out = new ByteSink(HEADER_BYTES + version.length + storedBody.length);
        out.putByte(format);
        out.putLong(createdMillis);
        out.putBytes(fingerprint);
        out.putShort(status);
        out.putByte(version.length);
        out.putBytes(version);
        out.putBytes(storedBody);
        return out.toArray();
    }

    /** A stored record; a sealed one is opened with {@code box} (it was sealed for {@code storeKey}). */
    public static IdempotencyRecord decode(byte[] v, byte[] storeKey, SecretBox box) {
        if (v.length < HEADER_BYTES || (v[0] != FORMAT_PLAIN && v[0] != FORMAT_SEALED)) {
            throw new CorruptStoreException("unknown idempotency record format");
        }
        long created = Bytes.getLong(v, 1);
        byte[] fingerprint = Arrays.copyOfRange(v, 9, 9 + FINGERPRINT_BYTES);
        int status = Bytes.getShort(v, 9 + FINGERPRINT_BYTES);
        int versionLength = v[HEADER_BYTES - 1] & 0xFF;
        String version = new String(v, HEADER_BYTES, versionLength, StandardCharsets.US_ASCII);
        byte[] stored = Arrays.copyOfRange(v, HEADER_BYTES + versionLength, v.length);
        byte[] body = v[0] == FORMAT_SEALED ? box.open(stored, context(storeKey)) : stored;
        return new IdempotencyRecord(created, fingerprint, status, version, body);
    }

    /** Whether a stored record's body is sealed (format 2). */
    static boolean isSealed(byte[] v) {
        return v.length > 0 && v[0] == FORMAT_SEALED;
    }

    /** The sealed body of a format 2 record. */
    static byte[] sealedBody(byte[] v) {
        int versionLength = v[HEADER_BYTES - 1] & 0xFF;
        return Arrays.copyOfRange(v, HEADER_BYTES + versionLength, v.length);
    }

    /** The creation time of an encoded record, without decoding the rest. */
    public static long createdMillisOf(byte[] v) {
        return Bytes.getLong(v, 1);
    }

    private static byte[] context(byte[] storeKey) {
        return SecretBox.context(StoreLayout.IDEMPOTENCY, storeKey);
    }
}
