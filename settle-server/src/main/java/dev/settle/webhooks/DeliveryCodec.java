package dev.settle.webhooks;

import dev.settle.ledger.UInt128;
import dev.settle.store.CorruptStoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a delivery (key: {@link DeliveryKeys#delivery}).
 *
 * <pre>
 * [version:1 = 1][status:1][attempt count:4][round attempts:4][next attempt ms:8][attempts kept:1]
 * then per attempt, newest first: [at ms:8][status code:2][latency ms:8][error:UTF][response prefix:UTF]
 * </pre>
 * An empty error string stands for none.
 */
final class DeliveryCodec {
    private static final int VERSION = 1;

    private DeliveryCodec() {}

    static byte[] encode(Delivery d) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + d.attempts().size() * 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(d.status().code());
            out.writeInt(d.attemptCount());
            out.writeInt(d.roundAttempts());
            out.writeLong(d.nextAttemptMillis());
            out.writeByte(d.attempts().size());
            for (Delivery.Attempt a : d.attempts()) {
                out.writeLong(a.atMillis());
                out.writeShort(a.statusCode());
                out.writeLong(a.latencyMillis());
                out.writeUTF(a.error() == null ? "" : a.error());
                out.writeUTF(a.responsePrefix() == null ? "" : a.responsePrefix());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static Delivery decode(int ledger, UInt128 endpoint, long sequence, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readUnsignedByte() != VERSION) {
                throw new CorruptStoreException("unknown webhook delivery record version");
            }
            DeliveryStatus status = DeliveryStatus.ofCode(in.readUnsignedByte());
            int attemptCount = in.readInt();
            int roundAttempts = in.readInt();
            long next = in.readLong();
            int kept = in.readUnsignedByte();
            List<Delivery.Attempt> attempts = new ArrayList<>(kept);
            for (int i = 0; i < kept; i++) {
                long at = in.readLong();
                int code = in.readUnsignedShort();
                long latency = in.readLong();
                String error = in.readUTF();
                String prefix = in.readUTF();
                attempts.add(new Delivery.Attempt(at, code, latency, error.isEmpty() ? null : error, prefix));
            }
            return new Delivery(ledger, endpoint, sequence, status, attemptCount, roundAttempts, next, attempts);
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptStoreException("a webhook delivery record does not decode: " + e.getMessage());
        }
    }
}
