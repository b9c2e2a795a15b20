package dev.settle.api.idempotency;

import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A stored answer to an idempotent request, in the {@code idempotency} column family.
 *
 * <pre>[format:1][created millis:8][fingerprint:32][status:2][version length:1][version][body]</pre>
 *
 * @param fingerprint SHA-256 of the request's method, path and body: a retry must match it
 */
public record IdempotencyRecord(long createdMillis, byte[] fingerprint, int status, String apiVersion, byte[] body) {
    private static final int FORMAT = 1;
    static final int FINGERPRINT_BYTES = dev.settle.common.Sha256.BYTES;
    private static final int HEADER_BYTES = 1 + 8 + FINGERPRINT_BYTES + 2 + 1;

    public byte[] encode() {
        byte[] version = apiVersion.getBytes(StandardCharsets.US_ASCII);
        ByteSink out = new ByteSink(HEADER_BYTES + version.length + body.length);
        out.putByte(FORMAT);
        out.putLong(createdMillis);
        out.putBytes(fingerprint);
        out.putShort(status);
        out.putByte(version.length);
        out.putBytes(version);
        out.putBytes(body);
        return out.toArray();
    }

    public static IdempotencyRecord decode(byte[] v) {
        if (v.length < HEADER_BYTES || v[0] != FORMAT) {
            throw new CorruptStoreException("unknown idempotency record format");
        }
        long created = Bytes.getLong(v, 1);
        byte[] fingerprint = Arrays.copyOfRange(v, 9, 9 + FINGERPRINT_BYTES);
        int status = Bytes.getShort(v, 9 + FINGERPRINT_BYTES);
        int versionLength = v[HEADER_BYTES - 1] & 0xFF;
        String version = new String(v, HEADER_BYTES, versionLength, StandardCharsets.US_ASCII);
        byte[] body = Arrays.copyOfRange(v, HEADER_BYTES + versionLength, v.length);
        return new IdempotencyRecord(created, fingerprint, status, version, body);
    }

    /** The creation time of an encoded record, without decoding the rest. */
    static long createdMillisOf(byte[] v) {
        return Bytes.getLong(v, 1);
    }
}
