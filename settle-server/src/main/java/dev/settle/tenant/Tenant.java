package dev.settle.tenant;

import dev.settle.ledger.UInt128;
import dev.settle.traffic.TenantLimits;

/**
 * A tenant: its own ledger inside a pod, its own key, its pinned API version.
 *
 * @param ledger the pod ledger that holds its accounts and transfers (1, 2, … in creation order)
 * @param pod the pod its ledger lives in (stored, so adding pods never moves a tenant)
 * @param keyHash SHA-256 of its secret key; the key itself is never stored
 * @param limits its own request limits, or null to follow the server's defaults
 *     (the {@code tenant_defaults} of the degradation policy)
 */
public record Tenant(UInt128 id, String name, int ledger, int pod, String apiVersion, byte[] keyHash,
        long createdMillis, TenantLimits limits) {
    public Tenant withPod(int newPod) {
        return new Tenant(id, name, ledger, newPod, apiVersion, keyHash, createdMillis, limits);
    }

    public Tenant withLimits(TenantLimits newLimits) {
        return new Tenant(id, name, ledger, pod, apiVersion, keyHash, createdMillis, newLimits);
    }

    /** Its limits, or {@code defaults} when it has none of its own. */
    public TenantLimits limitsOr(TenantLimits defaults) {
        return limits != null ? limits : defaults;
    }
}
