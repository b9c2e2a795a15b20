package dev.settle.api.http;

import dev.settle.common.Ids;
import dev.settle.ledger.UInt128;
import dev.settle.tenant.ApiKey;
import dev.settle.tenant.ApiKeyIds;
import dev.settle.tenant.Tenant;
import dev.settle.traffic.TenantLimits;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shapes of a tenant and of its keys (docs/api.md, administration), for the admin API
 * and for the events about them. A key's view never holds its secret: only its last four
 * characters; the secret is added to the one answer that creates it.
 */
public final class TenantViews {
    public static final String STATUS_ACTIVE = "active";
    public static final String STATUS_DEACTIVATED = "deactivated";
    /** A key that the tenant no longer keeps (the oldest dead keys make room for new ones). */
    public static final String KEY_STATUS_REMOVED = "removed";

    private TenantViews() {}

    public static Map<String, Object> tenant(Tenant t, TenantLimits defaultLimits) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "tenant");
        v.put("id", Ids.format(t.id()));
        v.put("name", t.name());
        v.put("status", t.active() ? STATUS_ACTIVE : STATUS_DEACTIVATED);
        v.put("api_version", t.apiVersion());
        v.put("pod", t.pod());
        TenantLimits limits = t.limitsOr(defaultLimits);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("reads_per_second", limits.readsPerSecond());
        l.put("writes_per_second", limits.writesPerSecond());
        l.put("concurrent_requests_max", limits.concurrentRequestsMax());
        l.put("source", t.limits() == null ? "default" : "tenant");
        v.put("limits", l);
        v.put("created", millis(t.createdMillis()));
        return v;
    }

    /** A key as it is at {@code nowMillis} (its status: active, expired or revoked). */
    public static Map<String, Object> apiKey(Tenant t, ApiKey k, long nowMillis) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "api_key");
        v.put("id", ApiKeyIds.format(k.id()));
        v.put("tenant_id", Ids.format(t.id()));
        v.put("status", k.status(nowMillis).apiName());
        v.put("last4", k.last4());
        v.put("created", millis(k.createdMillis()));
        v.put("expires_at", k.expiresMillis() == ApiKey.NEVER ? null : millis(k.expiresMillis()));
        v.put("revoked_at", k.revokedMillis() == ApiKey.NEVER ? null : millis(k.revokedMillis()));
        return v;
    }

    /** A key the tenant no longer keeps, as an event about it shows it. */
    public static Map<String, Object> removedKey(Tenant t, UInt128 keyId) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "api_key");
        v.put("id", ApiKeyIds.format(keyId));
        v.put("tenant_id", Ids.format(t.id()));
        v.put("status", KEY_STATUS_REMOVED);
        v.put("last4", null);
        v.put("created", null);
        v.put("expires_at", null);
        v.put("revoked_at", null);
        return v;
    }

    /** A new key's answer: its view and, this once, its secret. */
    public static Map<String, Object> withSecret(Map<String, Object> key, String secret) {
        key.put("secret", secret);
        return key;
    }

    private static String millis(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
