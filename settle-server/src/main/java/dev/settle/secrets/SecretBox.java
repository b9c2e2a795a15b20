package dev.settle.secrets;

import dev.settle.store.CorruptStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens values with AES-256-GCM under the master keys: new values under the current
 * key, any value under any key of the ring.
 *
 * <pre>
 * [format:1 = 1][key id:4][nonce:12][ciphertext][tag:16]
 * </pre>
 *
 * The nonce is random per value (96 bits: with fewer than 2^32 values per key, the chance of a
 * repeat stays below 2^-32, and a key seals a few values per endpoint change). The
 * <em>context</em> (the record's column family and key) is authenticated but not stored, so a
 * sealed value copied into another record does not open there.
 */
public final class SecretBox {
    public static final int FORMAT = 1;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** Format, key id and nonce. */
    public static final int HEADER_BYTES = 1 + MasterKey.ID_BYTES + NONCE_BYTES;
    /** What sealing adds to a value. */
    public static final int OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final MasterKey current;
    private final Map<Integer, MasterKey> byId = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A box over {@code keys}: the first seals, all open. */
    public static SecretBox of(List<MasterKey> keys) {
        return new SecretBox(keys);
    }

    private SecretBox(List<MasterKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a secret box needs a master key");
        }
        this.current = keys.get(0);
        for (MasterKey key : keys) {
            byId.put(key.id(), key);
        }
    }

    /** The key new values are sealed under. */
    public MasterKey current() {
        return current;
    }

    /** Whether the ring has the key of this id. */
    public boolean has(int keyId) {
        return byId.containsKey(keyId);
    }

    /** The authenticated context of a record: its column family's name and its key. */
    public static byte[] context(String family, byte[] key) {
        byte[] name = family.getBytes(StandardCharsets.US_ASCII);
        byte[] context = Arrays.copyOf(name, name.length + 1 + key.length);
        System.arraycopy(key, 0, context, name.length + 1, key.length);
        return context;
    }

    /** {@code plaintext} sealed under the current key, bound to {@code context}. */
    public byte[] seal(byte[] plaintext, byte[] context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        ByteBuffer out = ByteBuffer.allocate(OVERHEAD_BYTES + plaintext.length);
        out.put((byte) FORMAT).putInt(current.id()).put(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BYTES * Byte.SIZE, nonce));
            cipher.updateAAD(context);
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("AES-GCM wrote " + out.position() + " of " + out.capacity() + " bytes");
        }
        return out.array();
    }

    /**
     * The plaintext of a value sealed by any key of the ring for {@code context}. A key missing
     * from the ring, or a value that does not authenticate, is a store this process cannot read:
     * {@link CorruptStoreException} (the key check at start makes the first one a broken invariant).
     */
    public byte[] open(byte[] sealed, byte[] context) {
        int keyId = keyIdOf(sealed);
        MasterKey key = byId.get(keyId);
        if (key == null) {
            throw new CorruptStoreException("a value is sealed under master key " + MasterKey.idText(keyId)
                    + ", which is not among the keys given");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.spec(),
                    new GCMParameterSpec(TAG_BYTES * Byte.SIZE, sealed, 1 + MasterKey.ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(context);
            return cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new CorruptStoreException("a sealed value does not authenticate under master key " + key.idText()
                    + " (changed, or moved from another record)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open", e);
        }
    }

    /** Whether {@code sealed} is under the current key (else start-up re-seals it). */
    public boolean isCurrent(byte[] sealed) {
        return keyIdOf(sealed) == current.id();
    }

    /** The id of the key a sealed value is under; refuses what is not a sealed value. */
    public static int keyIdOf(byte[] sealed) {
        if (sealed.length < OVERHEAD_BYTES || sealed[0] != FORMAT) {
            throw new CorruptStoreException("a sealed value has an unknown format or is too short");
        }
        return ByteBuffer.wrap(sealed, 1, MasterKey.ID_BYTES).getInt();
    }
}
