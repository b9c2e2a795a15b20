package dev.settle.webhooks;

/**
 * What one delivery attempt got back: enough to decide on a retry and to show the tenant why a
 * delivery failed, and nothing that could leak the secret or the payload.
 *
 * @param statusCode the HTTP status, or 0 when there was no HTTP response
 * @param latencyMillis from the start of the attempt to its outcome
 * @param error null when there was an HTTP response (whatever its status); otherwise a short, stable
 *     description such as {@link #CONNECT_TIMED_OUT}, or {@code "target_not_allowed: ..."}
 * @param responsePrefix at most {@link #RESPONSE_PREFIX_BYTES_MAX} bytes of the response body decoded
 *     as UTF-8 (malformed bytes replaced); empty without a response
 * @param retryAfter the raw Retry-After header, or null when absent or longer than {@link
 *     RetrySchedule#RETRY_AFTER_CHARS_MAX} (no valid value is)
 */
public record DeliveryOutcome(int statusCode, long latencyMillis, String error, String responsePrefix, String retryAfter) {
    /** Enough of a receiver's answer to show why it refused, without storing whatever it sends. */
    public static final int RESPONSE_PREFIX_BYTES_MAX = 1024;

    public static final String CONNECT_TIMED_OUT = "connect timed out";
    public static final String READ_TIMED_OUT = "read timed out";
    public static final String CONNECTION_REFUSED = "connection refused";
    /** A reset while sending or reading a response; a reset before any answer reads as {@link #CONNECTION_CLOSED}. */
    public static final String CONNECTION_RESET = "connection reset";
    public static final String CONNECTION_CLOSED = "connection closed without a response";
    public static final String CONNECT_FAILED = "connect failed";
    public static final String UNKNOWN_HOST = "unknown host";
    public static final String TLS_FAILED = "tls handshake failed";
    public static final String INTERRUPTED = "interrupted";

    private static final int STATUS_MIN = 100;
    private static final int STATUS_MAX = 599;

    public DeliveryOutcome {
        if (statusCode != 0 && (statusCode < STATUS_MIN || statusCode > STATUS_MAX)) {
            throw new IllegalArgumentException("statusCode must be 0 or " + STATUS_MIN + ".." + STATUS_MAX + ", got " + statusCode);
        }
        if ((statusCode == 0) != (error != null)) {
            throw new IllegalArgumentException("an outcome has an error exactly when it has no HTTP status");
        }
        if (error != null && error.isEmpty()) {
            throw new IllegalArgumentException("error must not be empty");
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must not be negative, got " + latencyMillis);
        }
        // Decoding never yields more chars than there were bytes.
        if (responsePrefix == null || responsePrefix.length() > RESPONSE_PREFIX_BYTES_MAX) {
            throw new IllegalArgumentException("responsePrefix must be present and at most " + RESPONSE_PREFIX_BYTES_MAX + " chars");
        }
        if (retryAfter != null && retryAfter.length() > RetrySchedule.RETRY_AFTER_CHARS_MAX) {
            throw new IllegalArgumentException("retryAfter is longer than " + RetrySchedule.RETRY_AFTER_CHARS_MAX + " chars");
        }
    }

    /** An attempt that got an HTTP response, whatever its status. */
    public static DeliveryOutcome response(int statusCode, long latencyMillis, String responsePrefix, String retryAfter) {
        if (statusCode == 0) {
            throw new IllegalArgumentException("a response has a status code");
        }
        return new DeliveryOutcome(statusCode, latencyMillis, null, responsePrefix, retryAfter);
    }

    /** An attempt that got no HTTP response. */
    public static DeliveryOutcome failure(long latencyMillis, String error) {
        return new DeliveryOutcome(0, latencyMillis, error, "", null);
    }

    /** An attempt never made because the target was refused; the error starts with the refusal's code. */
    public static DeliveryOutcome refused(long latencyMillis, TargetRefusedException refusal) {
        return failure(latencyMillis, refusal.code() + ": " + refusal.getMessage());
    }

    /** Any 2xx: the receiver has the message. */
    public boolean succeeded() {
        return statusCode >= 200 && statusCode <= 299;
    }

    /** 410 Gone: the receiver asks us to stop sending to this endpoint. */
    public boolean gone() {
        return statusCode == 410;
    }
}
