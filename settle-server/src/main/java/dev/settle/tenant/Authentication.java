package dev.settle.tenant;

/**
 * What a presented key turned out to be. Only {@link Outcome#VALID} names a tenant the request
 * may act for; the others tell the caller, who holds the key, why it no longer works.
 *
 * @param tenant the key's tenant, or null when the key is unknown
 */
public record Authentication(Outcome outcome, Tenant tenant) {
    static final Authentication UNKNOWN = new Authentication(Outcome.UNKNOWN, null);

    /** Why a key is accepted or not. */
    public enum Outcome {
        VALID,
        /** No tenant has this key (or it is malformed). */
        UNKNOWN,
        REVOKED,
        /** Rolled, and its expiry has passed. */
        EXPIRED,
        /** The key works, but its tenant is deactivated. */
        TENANT_DEACTIVATED
    }

    public boolean valid() {
        return outcome == Outcome.VALID;
    }
}
