package dev.settle.api.admin;

import dev.settle.api.ApiException;
import dev.settle.api.ApiRequest;
import dev.settle.api.ApiResponse;
import dev.settle.api.Views;
import dev.settle.api.idempotency.Claim;
import dev.settle.api.json.Ids;
import dev.settle.api.json.JsonWriter;
import dev.settle.api.json.Params;
import dev.settle.api.version.ApiVersions;
import dev.settle.pod.Pod;
import dev.settle.tenant.Tenant;
import dev.settle.tenant.TenantRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/admin/tenants}: create (answers the secret key, once) and list. A replay of a
 * creation through its idempotency key answers the tenant with {@code api_key} null: the key is
 * never stored, not even in an idempotency record.
 */
public final class TenantsResource {
    private final TenantRegistry tenants;
    private final Pod pod;

    public TenantsResource(TenantRegistry tenants, Pod pod) {
        this.tenants = tenants;
        this.pod = pod;
    }

    public ApiResponse create(ApiRequest request) {
        Params p = Params.of(request.jsonObject()).allowOnly("name", "api_version");
        String name = p.requireString("name");
        String version = p.string("api_version");
        p.finish();
        if (version != null && !ApiVersions.KNOWN.contains(version)) {
            throw ApiException.badValue("api_version", "must be one of " + String.join(", ", ApiVersions.KNOWN));
        }
        if (!TenantRegistry.NAME.matcher(name).matches()) {
            throw ApiException.badValue("name", "must be 1 to 64 characters of a-z, 0-9, _ and -");
        }
        Claim claim = request.claim();
        try {
            TenantRegistry.Created created = tenants.create(name, version != null ? version : ApiVersions.CURRENT, pod::addLedger, claim == null ? null
                    : claim.recorder(request.apiVersion(),
                            outcome -> new ApiResponse(201, JsonWriter.write(withKey(view(((TenantRegistry.Created)
                                    outcome).tenant()), null)))));
            return request.json(201, withKey(view(created.tenant()), created.secretKey()));
        } catch (TenantRegistry.NameTakenException e) {
            throw new ApiException(409, dev.settle.api.ErrorType.INVALID_REQUEST, "tenant_name_taken",
                    e.getMessage(), "name");
        }
    }

    public ApiResponse list(ApiRequest request) {
        request.onlyQuery(java.util.Set.of());
        List<Object> data = new ArrayList<>();
        for (Tenant t : tenants.list()) {
            data.add(view(t));
        }
        return request.json(200, Views.list(data, false));
    }

    private static Map<String, Object> view(Tenant t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "tenant");
        v.put("id", Ids.format(t.id()));
        v.put("name", t.name());
        v.put("api_version", t.apiVersion());
        v.put("created", Instant.ofEpochMilli(t.createdMillis()).toString());
        return v;
    }

    /** The creation answer: the tenant and its key (null in a replay: the key is never stored). */
    private static Map<String, Object> withKey(Map<String, Object> tenant, String secretKey) {
        tenant.put("api_key", secretKey);
        return tenant;
    }
}
