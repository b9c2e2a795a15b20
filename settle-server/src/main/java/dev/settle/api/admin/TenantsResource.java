package dev.settle.api.admin;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.error.ErrorType;
import dev.settle.api.http.TenantViews;
import dev.settle.api.http.Views;
import dev.settle.common.Ids;
import dev.settle.api.json.JsonWriter;
import dev.settle.api.json.Params;
import dev.settle.api.version.ApiVersions;
import dev.settle.ledger.UInt128;
import dev.settle.pod.Pods;
import dev.settle.tenant.Tenant;
import dev.settle.tenant.TenantRegistry;
import dev.settle.traffic.TenantLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/admin/tenants}: create (answers the secret key, once), list, get, update limits,
 * move to another pod, deactivate and reactivate. A replay of a creation through its idempotency key answers the tenant
 * with {@code api_key} null: the key is never stored, not even in an idempotency record.
 */
public final class TenantsResource {
    private final TenantRegistry tenants;
    private final Pods pods;
    private final TenantLimits defaultLimits;

    /** @param defaultLimits the limits of tenants without their own (the policy's tenant_defaults) */
    public TenantsResource(TenantRegistry tenants, Pods pods, TenantLimits defaultLimits) {
        this.tenants = tenants;
        this.pods = pods;
        this.defaultLimits = defaultLimits;
    }

    public ApiResponse create(ApiRequest request) {
        Params p = Params.of(request.jsonObject()).allowOnly("name", "api_version", "limits");
        String name = p.requireString("name");
        String version = p.string("api_version");
        TenantLimits limits = limits(p, defaultLimits);
        p.finish();
        if (version != null && !ApiVersions.KNOWN.contains(version)) {
            throw ApiException.badValue("api_version", "must be one of " + String.join(", ", ApiVersions.KNOWN));
        }
        if (!TenantRegistry.NAME.matcher(name).matches()) {
            throw ApiException.badValue("name", "must be 1 to 64 characters of a-z, 0-9, _ and -");
        }
        try {
            TenantRegistry.Created created = tenants.create(name, version != null ? version : ApiVersions.CURRENT,
                    limits, pods, made -> request.storedAnswer(new ApiResponse(201,
                            JsonWriter.write(withKey(view(made.tenant()), null)))));
            return request.json(201, withKey(view(created.tenant()), created.secretKey()));
        } catch (TenantRegistry.NameTakenException e) {
            throw new ApiException(409, ErrorType.INVALID_REQUEST, "tenant_name_taken", e.getMessage(), "name");
        }
    }

    public ApiResponse list(ApiRequest request) {
        request.onlyQuery(Set.of());
        List<Object> data = new ArrayList<>();
        for (Tenant t : tenants.list()) {
            data.add(view(t));
        }
        return request.json(200, Views.list(data, false));
    }

    public ApiResponse get(ApiRequest request) {
        request.onlyQuery(Set.of());
        return request.json(200, view(find(tenants, request)));
    }

    /** Sets the tenant's own limits ({@code limits: null}: back to the server's defaults). */
    public ApiResponse update(ApiRequest request) {
        Tenant tenant = find(tenants, request);
        Params p = Params.of(request.jsonObject()).allowOnly("limits");
        if (!p.present("limits")) {
            throw ApiException.missing("limits");
        }
        TenantLimits limits = limits(p, tenant.limitsOr(defaultLimits));
        p.finish();
        return request.json(200, view(tenants.updateLimits(tenant.id(), limits, pods)));
    }

    /** Moves the tenant to another pod while the server runs; requests for it wait meanwhile. */
    public ApiResponse move(ApiRequest request) {
        Tenant tenant = find(tenants, request);
        Params p = Params.of(request.jsonObject()).allowOnly("pod");
        int pod = (int) p.integer("pod", 0, pods.count() - 1, -1);
        p.finish();
        if (pod < 0) {
            throw ApiException.missing("pod");
        }
        return request.json(200, view(tenants.move(tenant.id(), pod, pods)));
    }

    /** Deactivates the tenant: from the answer on, its keys answer 401 {@code tenant_deactivated}. */
    public ApiResponse deactivate(ApiRequest request) {
        return setActive(request, false);
    }

    /** Reactivates the tenant: its keys that are neither revoked nor expired work again at once. */
    public ApiResponse reactivate(ApiRequest request) {
        return setActive(request, true);
    }

    private ApiResponse setActive(ApiRequest request, boolean active) {
        Tenant tenant = find(tenants, request);
        AdminBodies.none(request);
        Tenant changed = tenants.setActive(tenant.id(), active, pods,
                updated -> request.storedAnswer(new ApiResponse(200, JsonWriter.write(view(updated)))));
        return request.json(200, view(changed));
    }

    /** The tenant of the path's {@code id}, or 404. */
    static Tenant find(TenantRegistry tenants, ApiRequest request) {
        UInt128 id = Ids.parseOrNull(request.pathParam("id"));
        Tenant tenant = id == null ? null : tenants.byId(id);
        if (tenant == null) {
            throw ApiException.notFound("tenant", "id");
        }
        return tenant;
    }

    /**
     * The {@code limits} object of a body, each field defaulting to {@code base}'s; null when
     * absent or JSON null.
     */
    private static TenantLimits limits(Params body, TenantLimits base) {
        Params p = body.object("limits");
        if (p == null) {
            return null;
        }
        p.allowOnly("reads_per_second", "writes_per_second", "concurrent_requests_max");
        int rateMax = TenantLimits.RATE_PER_SECOND_MAX;
        TenantLimits limits = new TenantLimits(
                (int) p.integer("reads_per_second", 1, rateMax, base.readsPerSecond()),
                (int) p.integer("writes_per_second", 1, rateMax, base.writesPerSecond()),
                (int) p.integer("concurrent_requests_max", 1, TenantLimits.CONCURRENT_REQUESTS_LIMIT,
                        base.concurrentRequestsMax()));
        p.finish();
        return limits;
    }

    private Map<String, Object> view(Tenant t) {
        return TenantViews.tenant(t, defaultLimits);
    }

    /** The creation answer: the tenant and its key (null in a replay: the key is never stored). */
    private static Map<String, Object> withKey(Map<String, Object> tenant, String secretKey) {
        tenant.put("api_key", secretKey);
        return tenant;
    }
}
