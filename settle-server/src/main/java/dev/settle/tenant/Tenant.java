package dev.settle.tenant;

import dev.settle.ledger.UInt128;
import dev.settle.traffic.TenantLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant: its own ledger inside a pod, its keys, its pinned API version.
 *
 * @param ledger the pod ledger that holds its accounts and transfers (1, 2, … in creation order)
 * @param pod the pod its ledger lives in (stored, so adding pods never moves a tenant)
 * @param limits its own request limits, or null to follow the server's defaults
 *     (the {@code tenant_defaults} of the degradation policy)
 * @param keys its secret keys (hashes only), oldest first, at most {@link #KEYS_MAX}
 * @param active false once deactivated: none of its keys is accepted until it is reactivated
 */
public record Tenant(UInt128 id, String name, int ledger, int pod, String apiVersion, long createdMillis,
        TenantLimits limits, List<ApiKey> keys, boolean active) {
    /**
     * Keys a tenant keeps, revoked and expired ones included (so that a list shows them); the
     * oldest revoked or expired key makes room for a new one, and with every key still working,
     * a new one is refused.
     */
    public static final int KEYS_MAX = 32;

    public Tenant {
        keys = List.copyOf(keys);
        if (keys.size() > KEYS_MAX) {
            throw new IllegalArgumentException("a tenant has at most " + KEYS_MAX + " keys");
        }
    }

    public Tenant withPod(int newPod) {
        return new Tenant(id, name, ledger, newPod, apiVersion, createdMillis, limits, keys, active);
    }

    public Tenant withLimits(TenantLimits newLimits) {
        return new Tenant(id, name, ledger, pod, apiVersion, createdMillis, newLimits, keys, active);
    }

    Tenant withActive(boolean newActive) {
        return new Tenant(id, name, ledger, pod, apiVersion, createdMillis, limits, keys, newActive);
    }

    /** With {@code key} in place of the key of the same id, or added when it has none. */
    Tenant withKey(ApiKey key) {
        List<ApiKey> changed = new ArrayList<>(keys);
        int at = indexOf(key.id());
        if (at >= 0) {
            changed.set(at, key);
        } else {
            changed.add(key);
        }
        return new Tenant(id, name, ledger, pod, apiVersion, createdMillis, limits, changed, active);
    }

    Tenant withoutKey(UInt128 keyId) {
        List<ApiKey> changed = new ArrayList<>(keys);
        changed.remove(indexOf(keyId));
        return new Tenant(id, name, ledger, pod, apiVersion, createdMillis, limits, changed, active);
    }

    /** The key with this id, or null. */
    public ApiKey key(UInt128 keyId) {
        int at = indexOf(keyId);
        return at < 0 ? null : keys.get(at);
    }

    private int indexOf(UInt128 keyId) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).id().equals(keyId)) {
                return i;
            }
        }
        return -1;
    }

    /** Its limits, or {@code defaults} when it has none of its own. */
    public TenantLimits limitsOr(TenantLimits defaults) {
        return limits != null ? limits : defaults;
    }
}
