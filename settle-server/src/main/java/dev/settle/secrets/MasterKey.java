package dev.settle.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 master key and its id. The id is derived from the key (the first 4 bytes of
 * HMAC-SHA256(key, "settle master key id")), so nobody numbers keys by hand: a sealed value
 * names the key that opens it, and a log or an error message can name a key without showing it.
 * {@link #toString()} is redacted.
 */
public final class MasterKey {
    /** AES-256. */
    public static final int KEY_BYTES = 32;
    /** Bytes of the id in a sealed value; 2^-32 is the chance that two keys of one ring share an id. */
    public static final int ID_BYTES = 4;
    private static final byte[] ID_LABEL = "settle master key id".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final int id;

    private MasterKey(byte[] bytes) {
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key has " + KEY_BYTES + " bytes, got " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = derivedId(bytes);
    }

    /** A new random key. */
    public static MasterKey generate(SecureRandom random) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return new MasterKey(bytes);
    }

    /**
     * A key from the base64 of its {@value #KEY_BYTES} bytes ({@code openssl rand -base64 32}).
     * The message of a refusal never contains the text: a mistyped key is still mostly a key.
     */
    public static MasterKey parse(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("a master key must be base64 (openssl rand -base64 32)");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key must be the base64 of " + KEY_BYTES + " bytes, got "
                    + bytes.length + " bytes (openssl rand -base64 32)");
        }
        return new MasterKey(bytes);
    }

    /** The id a sealed value carries. */
    public int id() {
        return id;
    }

    /** The id as 8 hex digits, for logs and messages. */
    public String idText() {
        return idText(id);
    }

    public static String idText(int id) {
        return HexFormat.of().toHexDigits(id);
    }

    /** The base64 of the key: only to write it to a new key file. */
    String encoded() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    SecretKeySpec spec() {
        return key;
    }

    @Override
    public String toString() {
        return "master key " + idText() + " (redacted)";
    }

    private static int derivedId(byte[] bytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
            byte[] digest = mac.doFinal(ID_LABEL);
            return ((digest[0] & 0xFF) << 24) | ((digest[1] & 0xFF) << 16) | ((digest[2] & 0xFF) << 8)
                    | (digest[3] & 0xFF);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
