package dev.settle.api.admin;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.TenantViews;
import dev.settle.api.http.Views;
import dev.settle.api.json.JsonWriter;
import dev.settle.api.json.Params;
import dev.settle.ledger.UInt128;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.Pods;
import dev.settle.tenant.ApiKey;
import dev.settle.tenant.ApiKeyIds;
import dev.settle.tenant.Tenant;
import dev.settle.tenant.TenantRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code /v1/admin/tenants/{id}/api_keys}: a tenant's keys, as Stripe rolls its own: list them
 * (never a secret), create another, roll one (a successor now, the old key expiring after a grace
 * period of at most {@link TenantRegistry#ROLL_EXPIRY_SECONDS_MAX}), revoke one. A new key's secret
 * is in its creating answer only; a replay through the idempotency key answers it with
 * {@code secret} null, since a secret is never stored, not even in an idempotency record. Every
 * change is durable, in force and in the tenant's event log before the answer.
 */
public final class ApiKeysResource {
    private final TenantRegistry tenants;
    private final Pods pods;
    private final LongSupplier clockMillis;

    public ApiKeysResource(TenantRegistry tenants, Pods pods, LongSupplier clockMillis) {
        this.tenants = tenants;
        this.pods = pods;
        this.clockMillis = clockMillis;
    }

    /** The tenant's keys, newest first (at most {@link Tenant#KEYS_MAX}: one page). */
    public ApiResponse list(ApiRequest request) {
        request.onlyQuery(Set.of());
        Tenant tenant = TenantsResource.find(tenants, request);
        long now = clockMillis.getAsLong();
        List<Object> data = new ArrayList<>();
        for (ApiKey key : tenant.keys().reversed()) {
            data.add(TenantViews.apiKey(tenant, key, now));
        }
        return request.json(200, Views.list(data, false));
    }

    public ApiResponse create(ApiRequest request) {
        Tenant tenant = TenantsResource.find(tenants, request);
        AdminBodies.none(request);
        try {
            TenantRegistry.KeyChange created = tenants.createKey(tenant.id(), pods, storedWithoutSecret(request));
            return request.json(201, withSecret(created));
        } catch (TenantRegistry.KeyStateException e) {
            throw conflict(e);
        }
    }

    /** Rolls a key: answers its successor, with the secret; the old one expires after {@code expires_in_seconds}. */
    public ApiResponse roll(ApiRequest request) {
        Tenant tenant = TenantsResource.find(tenants, request);
        UInt128 keyId = keyId(request, tenant);
        Params p = AdminBodies.of(request, "expires_in_seconds");
        long expiresIn = p.integer("expires_in_seconds", 0, TenantRegistry.ROLL_EXPIRY_SECONDS_MAX, 0);
        p.finish();
        try {
            TenantRegistry.KeyChange rolled = tenants.rollKey(tenant.id(), keyId, expiresIn, pods,
                    storedWithoutSecret(request));
            return request.json(201, withSecret(rolled));
        } catch (TenantRegistry.KeyStateException e) {
            throw conflict(e);
        } catch (TenantRegistry.NoSuchKeyException e) {
            throw ApiException.notFound("api_key", "key_id");
        }
    }

    /** Revokes a key at once; revoking it again answers the same. */
    public ApiResponse revoke(ApiRequest request) {
        Tenant tenant = TenantsResource.find(tenants, request);
        UInt128 keyId = keyId(request, tenant);
        AdminBodies.none(request);
        try {
            TenantRegistry.KeyChange revoked = tenants.revokeKey(tenant.id(), keyId, pods,
                    change -> request.storedAnswer(new ApiResponse(200, JsonWriter.write(view(change)))));
            return request.json(200, view(revoked));
        } catch (TenantRegistry.NoSuchKeyException e) {
            throw ApiException.notFound("api_key", "key_id");
        }
    }

    private UInt128 keyId(ApiRequest request, Tenant tenant) {
        UInt128 id = ApiKeyIds.parseOrNull(request.pathParam("key_id"));
        if (id == null || tenant.key(id) == null) {
            throw ApiException.notFound("api_key", "key_id");
        }
        return id;
    }

    /** The stored answer of a new key: the same as the first, with {@code secret} null. */
    private Function<TenantRegistry.KeyChange, DurableResponse> storedWithoutSecret(ApiRequest request) {
        return change -> request.storedAnswer(new ApiResponse(201, JsonWriter.write(
                TenantViews.withSecret(view(change), null))));
    }

    private Map<String, Object> view(TenantRegistry.KeyChange change) {
        return TenantViews.apiKey(change.tenant(), change.key(), clockMillis.getAsLong());
    }

    private Map<String, Object> withSecret(TenantRegistry.KeyChange change) {
        return TenantViews.withSecret(view(change), change.secretKey());
    }

    private static ApiException conflict(TenantRegistry.KeyStateException e) {
        return new ApiException(409, ErrorType.INVALID_REQUEST, e.code(), e.getMessage(), null);
    }
}
