package dev.settle.webhooks;

import dev.settle.ledger.UInt128;
import dev.settle.secrets.SecretBox;
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
 * The stored form of a webhook endpoint, key {@code [ledger:4][endpoint id:16]}. Signing needs
 * the secrets themselves (unlike API keys, which are stored hashed), so they are sealed under the
 * master key (AES-256-GCM, see {@link SecretBox}), bound to the record's key.
 *
 * <pre>
 * version 2 (written):
 * [version:1 = 2][created ms:8][status:1][first sequence:8][failing since ms:8]
 * [url:UTF][description:UTF][enabled event count:2][event pattern:UTF]...
 * [has previous:1]([previous expires ms:8])[sealed length:2][sealed: [secret:UTF]([previous secret:UTF])]
 *
 * version 1 (read only; written before secrets were sealed, re-written as version 2 at start):
 * ... the same common fields ...
 * [secret:UTF][has previous:1]([previous secret:UTF][previous expires ms:8])
 * </pre>
 */
final class EndpointCodec {
    static final int VERSION_PLAINTEXT = 1;
    static final int VERSION_SEALED = 2;

    private EndpointCodec() {}

    static byte[] key(int ledger, UInt128 id) {
        return StoreLayout.idKey(ledger, id.high(), id.low());
    }

    static byte[] encode(WebhookEndpoint e, SecretBox box) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION_SEALED);
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
            out.writeBoolean(e.previousSecret() != null);
            if (e.previousSecret() != null) {
                out.writeLong(e.previousExpiresMillis());
            }
            byte[] sealed = box.seal(secrets(e), context(e.ledger(), e.id()));
            out.writeShort(sealed.length);
            out.write(sealed);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static int ledgerOf(byte[] key) {
        return Bytes.getInt(key, 0);
    }

    static UInt128 idOf(byte[] key) {
        return new UInt128(Bytes.getLong(key, 4), Bytes.getLong(key, 12));
    }

    static WebhookEndpoint decode(byte[] key, byte[] value, SecretBox box) {
        int ledger = ledgerOf(key);
        UInt128 id = idOf(key);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int version = in.readUnsignedByte();
            if (version != VERSION_PLAINTEXT && version != VERSION_SEALED) {
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
            Secrets secrets = version == VERSION_SEALED ? sealedSecrets(in, box, ledger, id) : plaintextSecrets(in);
            return new WebhookEndpoint(ledger, id, url, events, description.isEmpty() ? null : description, created,
                    status, secrets.current, secrets.previous, secrets.previousExpires, firstSequence, failingSince);
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptStoreException("a webhook endpoint record does not decode: " + e.getMessage());
        }
    }

    /** Whether a stored record holds its secrets sealed (version 2); version 1 holds them in plaintext. */
    static boolean isSealed(byte[] value) {
        return value.length > 0 && value[0] == VERSION_SEALED;
    }

    /** Whether start-up must write the record again: in plaintext, or sealed under another key than the current one. */
    static boolean needsReseal(byte[] value, SecretBox box) {
        return !isSealed(value) || !box.isCurrent(sealedPart(value));
    }

    /** The sealed part of a version 2 record: its last bytes, after their 2-byte length. */
    static byte[] sealedPart(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            in.skipNBytes(1 + 8 + 1 + 8 + 8);
            in.readUTF();
            in.readUTF();
            int count = in.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                in.readUTF();
            }
            if (in.readBoolean()) {
                in.readLong();
            }
            return in.readNBytes(in.readUnsignedShort());
        } catch (IOException e) {
            throw new CorruptStoreException("a webhook endpoint record does not decode: " + e.getMessage());
        }
    }

    private record Secrets(WebhookSecret current, WebhookSecret previous, long previousExpires) {}

    private static byte[] secrets(WebhookEndpoint e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(e.secret().reveal());
            if (e.previousSecret() != null) {
                out.writeUTF(e.previousSecret().reveal());
            }
        }
        return bytes.toByteArray();
    }

    private static Secrets sealedSecrets(DataInputStream in, SecretBox box, int ledger, UInt128 id)
            throws IOException {
        boolean hasPrevious = in.readBoolean();
        long previousExpires = hasPrevious ? in.readLong() : 0;
        byte[] sealed = in.readNBytes(in.readUnsignedShort());
        try (DataInputStream secrets = new DataInputStream(new ByteArrayInputStream(
                box.open(sealed, context(ledger, id))))) {
            WebhookSecret current = WebhookSecret.parse(secrets.readUTF());
            WebhookSecret previous = hasPrevious ? WebhookSecret.parse(secrets.readUTF()) : null;
            return new Secrets(current, previous, previousExpires);
        }
    }

    private static Secrets plaintextSecrets(DataInputStream in) throws IOException {
        WebhookSecret current = WebhookSecret.parse(in.readUTF());
        if (in.readBoolean()) {
            WebhookSecret previous = WebhookSecret.parse(in.readUTF());
            return new Secrets(current, previous, in.readLong());
        }
        return new Secrets(current, null, 0);
    }

    private static byte[] context(int ledger, UInt128 id) {
        return SecretBox.context(StoreLayout.WEBHOOK_ENDPOINTS, key(ledger, id));
    }
}
