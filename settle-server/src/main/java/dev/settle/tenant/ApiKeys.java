package dev.settle.tenant;

import dev.settle.common.Sha256;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;

/** Secret keys: 256 random bits as {@code sk_} + 43 base62 characters; kept only as SHA-256 hashes. */
public final class ApiKeys {
    public static final String PREFIX = "sk_";
    public static final int RANDOM_BYTES = 32;
    /** 62^43 > 2^256, so 43 characters hold any 32 bytes. */
    public static final int ENCODED_CHARS = 43;
    public static final int HASH_BYTES = Sha256.BYTES;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** A new secret key. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        BigInteger value = new BigInteger(1, bytes);
        char[] chars = new char[ENCODED_CHARS];
        for (int i = ENCODED_CHARS - 1; i >= 0; i--) {
            BigInteger[] qr = value.divideAndRemainder(SIXTY_TWO);
            chars[i] = BASE62.charAt(qr[1].intValue());
            value = qr[0];
        }
        return PREFIX + new String(chars);
    }

    /** True when {@code key} has the shape of a secret key (says nothing of whether it is valid). */
    public static boolean isWellFormed(String key) {
        if (key.length() != PREFIX.length() + ENCODED_CHARS || !key.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < key.length(); i++) {
            if (BASE62.indexOf(key.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    public static byte[] hash(String secret) {
        return Sha256.of(secret);
    }

    /** Compares two secrets in time that does not depend on where they differ. */
    public static boolean matches(String presented, byte[] expectedHash) {
        return MessageDigest.isEqual(hash(presented), expectedHash);
    }
}
