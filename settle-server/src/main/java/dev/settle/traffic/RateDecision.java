package dev.settle.traffic;

import java.util.Objects;

/**
 * The outcome of taking one token from a tenant's bucket, with what the client is told about its
 * quota (draft-ietf-httpapi-ratelimit-headers).
 *
 * @param kind the quota spent
 * @param quotaPerSecond the quota's rate, which is also its burst
 * @param remaining tokens left in the bucket after this decision
 * @param retryAfterNanos when refused: until the bucket holds a token again; when allowed: until the
 *     bucket is full again (0 when it already is)
 */
public record RateDecision(boolean allowed, RequestKind kind, int quotaPerSecond, long remaining, long retryAfterNanos) {
    /** A bucket holds one second of its rate, so every quota's window is one second. */
    public static final int QUOTA_WINDOW_SECONDS = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public RateDecision {
        Objects.requireNonNull(kind, "kind");
        if (quotaPerSecond < 1 || remaining < 0 || retryAfterNanos < 0) {
            throw new IllegalArgumentException("invalid rate decision: quota " + quotaPerSecond + "/s, remaining "
                    + remaining + ", retry after " + retryAfterNanos + " ns");
        }
    }

    /** Whole seconds to wait before retrying: rounded up, at least 1 when refused, 0 when allowed. */
    public long retryAfterSeconds() {
        if (allowed) {
            return 0;
        }
        // Rounded up: a client that retries after a rounded-down wait is refused again.
        return Math.max(1, Math.ceilDiv(retryAfterNanos, NANOS_PER_SECOND));
    }

    /** The RateLimit-Policy header's value, e.g. {@code "writes";q=100;w=1}. */
    public String policyHeader() {
        return "\"" + kind.wireName() + "\";q=" + quotaPerSecond + ";w=" + QUOTA_WINDOW_SECONDS;
    }

    /**
     * The RateLimit header's value, e.g. {@code "writes";r=0;t=1}: the tokens remaining, and the
     * seconds until the client may retry (refused) or until the quota is whole again (allowed).
     */
    public String rateLimitHeader() {
        long resetSeconds = allowed ? Math.ceilDiv(retryAfterNanos, NANOS_PER_SECOND) : retryAfterSeconds();
        return "\"" + kind.wireName() + "\";r=" + remaining + ";t=" + resetSeconds;
    }
}
