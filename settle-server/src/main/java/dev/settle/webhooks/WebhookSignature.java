package dev.settle.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks v1 signatures (https://www.standardwebhooks.com).
 *
 * <p>The signed content is {@code msgId + "." + timestampSeconds + "." + body}; the signature is
 * the base64 of its HMAC-SHA256 under the secret's key; the header carries one {@code v1,<base64>}
 * entry per secret, separated by spaces, so that during a secret rotation a receiver holding either
 * the old or the new secret accepts the delivery. Following the format exactly is the point: a
 * receiver can verify with any Standard Webhooks library instead of code we would have to document.
 */
public final class WebhookSignature {
    /** The message id, the same across retries of one message so receivers can deduplicate. */
    public static final String HEADER_ID = "webhook-id";
    /** Unix seconds when this attempt was signed; signed too, so an old delivery cannot be replayed later. */
    public static final String HEADER_TIMESTAMP = "webhook-timestamp";
    /** The space-separated {@code v1,<base64>} signatures. */
    public static final String HEADER_SIGNATURE = "webhook-signature";

    /** The spec's recommended tolerance between the signed timestamp and the receiver's clock. */
    public static final long TOLERANCE_SECONDS_DEFAULT = 5 * 60;
    /**
     * At most this many secrets sign one delivery, and verify looks at no more entries than this:
     * a rotation needs two, and the bound keeps a hostile header from costing unbounded work.
     */
    public static final int SIGNATURES_MAX = 8;

    private static final String VERSION_PREFIX = "v1,";
    private static final String ALGORITHM = "HmacSHA256";
    /** 18 digits cover every Unix time in seconds until the year 31 billion and cannot overflow a long. */
    private static final int TIMESTAMP_DIGITS_MAX = 18;

    private WebhookSignature() {}

    /** The full {@code webhook-signature} header value: one {@code v1,} entry per secret, in the given order. */
    public static String sign(String msgId, long timestampSeconds, byte[] body, List<WebhookSecret> secrets) {
        requireMsgId(msgId);
        if (timestampSeconds < 0) {
            throw new IllegalArgumentException("timestampSeconds must not be negative, got " + timestampSeconds);
        }
        if (body == null) {
            throw new IllegalArgumentException("body is missing");
        }
        if (secrets == null || secrets.isEmpty() || secrets.size() > SIGNATURES_MAX) {
            throw new IllegalArgumentException("need 1.." + SIGNATURES_MAX + " secrets to sign with");
        }
        StringBuilder header = new StringBuilder();
        for (WebhookSecret secret : secrets) {
            if (!header.isEmpty()) {
                header.append(' ');
            }
            header.append(VERSION_PREFIX)
                    .append(Base64.getEncoder().encodeToString(hmac(secret, msgId, timestampSeconds, body)));
        }
        return header.toString();
    }

    /**
     * True when the timestamp is within {@code toleranceSeconds} of {@code nowSeconds} (either way:
     * a timestamp from the future is as suspect as an old one) and any {@code v1} entry of the header
     * matches. Header values come from the network, so missing or malformed ones give false, never an
     * exception. Entries of other versions are skipped, as the spec asks.
     */
    public static boolean verify(
            String msgId,
            String timestampHeader,
            byte[] body,
            String signatureHeader,
            WebhookSecret secret,
            long nowSeconds,
            long toleranceSeconds) {
        if (secret == null || body == null) {
            throw new IllegalArgumentException("secret and body are required");
        }
        if (nowSeconds < 0 || toleranceSeconds < 0) {
            throw new IllegalArgumentException("nowSeconds and toleranceSeconds must not be negative");
        }
        if (msgId == null || msgId.isEmpty() || timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long timestampSeconds = parseTimestamp(timestampHeader);
        if (timestampSeconds < 0 || !withinTolerance(timestampSeconds, nowSeconds, toleranceSeconds)) {
            return false;
        }
        byte[] expected = hmac(secret, msgId, timestampSeconds, body);
        String[] entries = signatureHeader.trim().split(" +", SIGNATURES_MAX + 1);
        boolean matched = false;
        for (int i = 0; i < Math.min(entries.length, SIGNATURES_MAX); i++) {
            matched |= entryMatches(entries[i], expected);
        }
        return matched;
    }

    private static boolean entryMatches(String entry, byte[] expected) {
        if (!entry.startsWith(VERSION_PREFIX)) {
            return false;
        }
        byte[] candidate;
        try {
            candidate = Base64.getDecoder().decode(entry.substring(VERSION_PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        // MessageDigest.isEqual takes time independent of where the arrays differ.
        return MessageDigest.isEqual(candidate, expected);
    }

    private static boolean withinTolerance(long timestampSeconds, long nowSeconds, long toleranceSeconds) {
        // Both values are non-negative, so neither difference can overflow.
        if (timestampSeconds >= nowSeconds) {
            return timestampSeconds - nowSeconds <= toleranceSeconds;
        }
        return nowSeconds - timestampSeconds <= toleranceSeconds;
    }

    /** The timestamp, or -1 unless the header is 1..18 ASCII digits (no sign, no spaces). */
    private static long parseTimestamp(String header) {
        if (header.isEmpty() || header.length() > TIMESTAMP_DIGITS_MAX) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static byte[] hmac(WebhookSecret secret, String msgId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.key(), ALGORITHM));
            mac.update(msgId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256, so this is a broken runtime, not bad input.
            throw new IllegalStateException(ALGORITHM + " is unavailable", e);
        }
    }

    private static void requireMsgId(String msgId) {
        if (msgId == null || msgId.isEmpty()) {
            throw new IllegalArgumentException("msgId is missing");
        }
    }
}
