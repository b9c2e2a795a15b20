package dev.settle.webhooks;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of the key bytes.
 *
 * <p>The key is only reachable through {@link #key()} (for signing) and {@link #reveal()} (to show
 * it once to its owner); {@link #toString()} is redacted so that logging an object that holds a
 * secret never prints it.
 */
public final class WebhookSecret {
    /** The prefix every Standard Webhooks secret carries, so people and scanners recognise it. */
    public static final String PREFIX = "whsec_";
    /** Generated keys have 24 bytes (192 bits), the spec's minimum, which base64 encodes to 32 chars. */
    public static final int KEY_BYTES_GENERATED = 24;
    /** The spec's lower bound on key size: shorter keys are refused when parsed. */
    public static final int KEY_BYTES_MIN = 24;
    /** The spec's upper bound on key size (512 bits): longer keys are refused when parsed. */
    public static final int KEY_BYTES_MAX = 64;

    private static final String REDACTED = PREFIX + "…(redacted)";
    /** Base64 of {@link #KEY_BYTES_MAX} bytes is 88 chars; anything longer is refused before decoding. */
    private static final int ENCODED_CHARS_MAX = PREFIX.length() + 4 * ((KEY_BYTES_MAX + 2) / 3);

    static {
        if (KEY_BYTES_GENERATED < KEY_BYTES_MIN || KEY_BYTES_GENERATED > KEY_BYTES_MAX) {
            throw new AssertionError("generated key size outside the accepted range");
        }
    }

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        if (key.length < KEY_BYTES_MIN || key.length > KEY_BYTES_MAX) {
            throw new IllegalArgumentException(
                    "webhook secret key must have " + KEY_BYTES_MIN + ".." + KEY_BYTES_MAX + " bytes, got " + key.length);
        }
        this.key = key;
    }

    /** A new secret of {@link #KEY_BYTES_GENERATED} random bytes. */
    public static WebhookSecret generate(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES_GENERATED];
        random.nextBytes(key);
        return new WebhookSecret(key);
    }

    /**
     * Reads a {@code whsec_} string back. Only the canonical base64 of {@link #KEY_BYTES_MIN}..{@link
     * #KEY_BYTES_MAX} bytes is accepted, so that {@link #reveal()} gives back exactly the string stored.
     * The exception message never contains the value: a mistyped secret is still mostly a secret.
     */
    public static WebhookSecret parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("webhook secret is missing");
        }
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("webhook secret must start with " + PREFIX);
        }
        if (value.length() > ENCODED_CHARS_MAX) {
            throw new IllegalArgumentException("webhook secret is longer than " + ENCODED_CHARS_MAX + " chars");
        }
        String encoded = value.substring(PREFIX.length());
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("webhook secret is not valid base64 after " + PREFIX);
        }
        if (key.length < KEY_BYTES_MIN || key.length > KEY_BYTES_MAX) {
            throw new IllegalArgumentException(
                    "webhook secret must encode " + KEY_BYTES_MIN + ".." + KEY_BYTES_MAX + " bytes, got " + key.length);
        }
        if (!Base64.getEncoder().encodeToString(key).equals(encoded)) {
            throw new IllegalArgumentException("webhook secret is not canonical base64");
        }
        return new WebhookSecret(key);
    }

    /** A copy of the key bytes, for the HMAC. */
    public byte[] key() {
        return key.clone();
    }

    /** The {@code whsec_} string: the only way to get the secret as text, to show it to its owner once. */
    public String reveal() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Redacted, so a secret that reaches a log or an exception message by accident stays secret. */
    @Override
    public String toString() {
        return REDACTED;
    }

    /** Equal when the keys are; compared in constant time so a comparison cannot leak the key by timing. */
    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }
}
