package dev.settle.tenant;

import dev.settle.ledger.UInt128;

/**
 * One of a tenant's secret keys, as stored: never the secret, only its SHA-256 hash and its last
 * four characters (a hint to tell keys apart in a list).
 *
 * @param last4 the secret's last four characters, or null for a key made before hints existed
 * @param expiresMillis when the key stops working (set when it is rolled), or {@link #NEVER}
 * @param revokedMillis when it was revoked, or {@link #NEVER}
 */
public record ApiKey(UInt128 id, byte[] hash, String last4, long createdMillis, long expiresMillis,
        long revokedMillis) {
    /** No expiry, no revocation. Epoch milliseconds of real events are never 0. */
    public static final long NEVER = 0;
    public static final int LAST4_CHARS = 4;

    /** What a key is at a moment. */
    public enum Status {
        ACTIVE("active"),
        /** Rolled, and its expiry has passed. */
        EXPIRED("expired"),
        REVOKED("revoked");

        private final String apiName;

        Status(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }
    }

    public ApiKey {
        if (hash.length != ApiKeys.HASH_BYTES) {
            throw new IllegalArgumentException("a key hash has " + ApiKeys.HASH_BYTES + " bytes");
        }
        if (last4 != null && last4.length() != LAST4_CHARS) {
            throw new IllegalArgumentException("a key hint has " + LAST4_CHARS + " characters");
        }
    }

    /** A new key for {@code secret}, made at {@code nowMillis}. */
    static ApiKey of(UInt128 id, String secret, long nowMillis) {
        return new ApiKey(id, ApiKeys.hash(secret), secret.substring(secret.length() - LAST4_CHARS), nowMillis,
                NEVER, NEVER);
    }

    public Status status(long nowMillis) {
        if (revokedMillis != NEVER) {
            return Status.REVOKED;
        }
        if (expiresMillis != NEVER && nowMillis >= expiresMillis) {
            return Status.EXPIRED;
        }
        return Status.ACTIVE;
    }

    /** True once it stops working at some time (expired, or due to expire after a roll). */
    public boolean rolled() {
        return expiresMillis != NEVER;
    }

    ApiKey expiringAt(long millis) {
        return new ApiKey(id, hash, last4, createdMillis, millis, revokedMillis);
    }

    ApiKey revokedAt(long millis) {
        return new ApiKey(id, hash, last4, createdMillis, expiresMillis, millis);
    }
}
