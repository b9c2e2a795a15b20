package dev.settle.api;

import dev.settle.api.accounts.AccountActivityResource;
import dev.settle.api.accounts.AccountsResource;
import dev.settle.api.admin.TenantsResource;
import dev.settle.api.idempotency.IdempotencyKeys;
import dev.settle.api.json.JsonWriter;
import dev.settle.api.transactions.TransactionsResource;
import dev.settle.api.transfers.TransfersResource;
import dev.settle.pod.Pod;
import dev.settle.store.LedgerStore;
import dev.settle.tenant.TenantRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** The v1 routes (docs/api.md) wired to their resources. */
public final class SettleApi {
    private SettleApi() {}

    public static Router router(Pod pod, LedgerStore store, TenantRegistry tenants, LongSupplier clockMillis,
            BooleanSupplier ready) {
        AccountsResource accounts = new AccountsResource(pod, store, clockMillis);
        AccountActivityResource activity = new AccountActivityResource(accounts, store);
        TransfersResource transfers = new TransfersResource(pod, store, clockMillis);
        TransactionsResource transactions = new TransactionsResource(pod, clockMillis);
        TenantsResource admin = new TenantsResource(tenants, pod);
        int normal = Route.BODY_BYTES_DEFAULT;
        return new Router()
                .add(new Route("GET", "/health/live", Route.Access.PUBLIC, 0, r -> health(true)))
                .add(new Route("GET", "/health/ready", Route.Access.PUBLIC, 0, r -> health(ready.getAsBoolean())))
                .add(new Route("POST", "/v1/admin/tenants", Route.Access.ADMIN, normal, admin::create))
                .add(new Route("GET", "/v1/admin/tenants", Route.Access.ADMIN, 0, admin::list))
                .add(new Route("POST", "/v1/accounts", Route.Access.TENANT, normal, accounts::create))
                .add(new Route("GET", "/v1/accounts", Route.Access.TENANT, 0, accounts::list))
                .add(new Route("GET", "/v1/accounts/{id}", Route.Access.TENANT, 0, accounts::get))
                .add(new Route("GET", "/v1/accounts/{id}/transfers", Route.Access.TENANT, 0, activity::transfers))
                .add(new Route("GET", "/v1/accounts/{id}/balances", Route.Access.TENANT, 0, activity::balances))
                .add(new Route("POST", "/v1/transfers", Route.Access.TENANT, normal, transfers::create))
                .add(new Route("POST", "/v1/transfers/batch", Route.Access.TENANT,
                        TransfersResource.BATCH_BODY_BYTES_MAX, transfers::createBatch))
                .add(new Route("GET", "/v1/transfers/{id}", Route.Access.TENANT, 0, transfers::get))
                .add(new Route("POST", "/v1/transactions", Route.Access.TENANT, normal, transactions::create));
    }

    public static ApiDispatcher dispatcher(Pod pod, LedgerStore store, TenantRegistry tenants,
            IdempotencyKeys idempotencyKeys, String adminToken, LongSupplier clockMillis, BooleanSupplier ready) {
        return new ApiDispatcher(router(pod, store, tenants, clockMillis, ready), tenants, idempotencyKeys, adminToken,
                ready);
    }

    /** The answer of the health routes: 200 {"status": "ok"}, or 503 {"status": "starting"}. */
    static ApiResponse health(boolean ok) {
        return new ApiResponse(ok ? 200 : 503, JsonWriter.write(Map.of("status", ok ? "ok" : "starting")));
    }
}
