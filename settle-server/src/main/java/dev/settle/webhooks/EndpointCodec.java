package dev.settle.webhooks;

import dev.settle.ledger.UInt128;
import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;
import dev.settle.store.StoreLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a webhook endpoint, key {@code [ledger:4][endpoint id:16]}. The secrets are
 * stored as they are: signing needs them (unlike API keys, which are stored hashed), so the data
 * directory must be protected like the keys it holds.
 *
 * <pre>
 * [version:1 = 1][created ms:8][status:1][first sequence:8][failing since ms:8]
 * [url:UTF][description:UTF][enabled event count:2][event pattern:UTF]...
 * [secret:UTF][has previous:1]([previous secret:UTF][previous expires ms:8])
 * </pre>
 */
final class EndpointCodec {
    private static final int VERSION = 1;

    private EndpointCodec() {}

    static byte[] key(int ledger, UInt128 id) {
        return StoreLayout.idKey(ledger, id.high(), id.low());
    }

    static byte[] encode(WebhookEndpoint e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(e.createdMillis());
            out.writeByte(e.status().code());
            out.writeLong(e.firstSequence());
            out.writeLong(e.failingSinceMillis());
            out.writeUTF(e.url());
            out.writeUTF(e.description() == null ? "" : e.description());
            out.writeShort(e.enabledEvents().size());
            for (String pattern : e.enabledEvents()) {
                out.writeUTF(pattern);
            }
            out.writeUTF(e.secret().reveal());
            out.writeBoolean(e.previousSecret() != null);
            if (e.previousSecret() != null) {
                out.writeUTF(e.previousSecret().reveal());
                out.writeLong(e.previousExpiresMillis());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static WebhookEndpoint decode(byte[] key, byte[] value) {
        int ledger = Bytes.getInt(key, 0);
        UInt128 id = new UInt128(Bytes.getLong(key, 4), Bytes.getLong(key, 12));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readUnsignedByte() != VERSION) {
                throw new CorruptStoreException("unknown webhook endpoint record version");
            }
            long created = in.readLong();
            WebhookEndpoint.Status status = WebhookEndpoint.Status.ofCode(in.readUnsignedByte());
            long firstSequence = in.readLong();
            long failingSince = in.readLong();
            String url = in.readUTF();
            String description = in.readUTF();
            int count = in.readUnsignedShort();
            List<String> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                events.add(in.readUTF());
            }
            WebhookSecret secret = WebhookSecret.parse(in.readUTF());
            WebhookSecret previous = null;
            long previousExpires = 0;
            if (in.readBoolean()) {
                previous = WebhookSecret.parse(in.readUTF());
                previousExpires = in.readLong();
            }
            return new WebhookEndpoint(ledger, id, url, events, description.isEmpty() ? null : description, created,
                    status, secret, previous, previousExpires, firstSequence, failingSince);
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptStoreException("a webhook endpoint record does not decode: " + e.getMessage());
        }
    }
}
