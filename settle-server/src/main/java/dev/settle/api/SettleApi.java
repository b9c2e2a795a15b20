package dev.settle.api;

import dev.settle.api.accounts.AccountActivityResource;
import dev.settle.api.accounts.AccountsResource;
import dev.settle.api.admin.ApiKeysResource;
import dev.settle.api.admin.ClusterResource;
import dev.settle.api.admin.PodsResource;
import dev.settle.api.admin.TenantsResource;
import dev.settle.api.events.EventViews;
import dev.settle.api.events.EventsResource;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.Route;
import dev.settle.api.http.TenantViews;
import dev.settle.api.http.Router;
import dev.settle.api.idempotency.IdempotencyKeys;
import dev.settle.api.json.JsonWriter;
import dev.settle.api.transactions.TransactionsResource;
import dev.settle.api.payments.PaymentIntentsResource;
import dev.settle.api.payments.PaymentViews;
import dev.settle.api.payments.RefundsResource;
import dev.settle.api.transfers.TransfersResource;
import dev.settle.api.webhooks.WebhookEndpointsResource;
import dev.settle.cluster.ClusterPods;
import dev.settle.health.Readiness;
import dev.settle.events.Event;
import dev.settle.ledger.UInt128;
import dev.settle.metrics.SettleMetrics;
import dev.settle.payments.PaymentIntent;
import dev.settle.payments.PaymentReads;
import dev.settle.payments.Payments;
import dev.settle.payments.Refund;
import dev.settle.pod.Pod;
import dev.settle.pod.Pods;
import dev.settle.request.RequestListener;
import dev.settle.store.LedgerStore;
import dev.settle.events.EventType;
import dev.settle.tenant.ApiKey;
import dev.settle.tenant.Tenant;
import dev.settle.tenant.TenantRegistry;
import dev.settle.traffic.LoadSnapshot;
import dev.settle.traffic.Priority;
import dev.settle.traffic.TenantLimits;
import dev.settle.traffic.TrafficControl;
import dev.settle.webhooks.Webhooks;
import dev.settle.api.reconciliation.ReconciliationResource;
import dev.settle.api.reconciliation.ReconciliationViews;
import dev.settle.reconciliation.LineRef;
import dev.settle.reconciliation.OpenLinesRun;
import dev.settle.reconciliation.ReconReads;
import dev.settle.reconciliation.Reconciliation;
import dev.settle.reconciliation.Run;
import dev.settle.reconciliation.StatementImport;
import dev.settle.reconciliation.Statement;
import dev.settle.reconciliation.StoredLine;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The v1 routes (docs/api.md) wired to their resources. */
public final class SettleApi {
    private SettleApi() {}

    /**
     * What the operational routes answer: readiness, the metrics scrape, and the cluster (null on a
     * single node).
     */
    public record Probes(Readiness readiness, Supplier<String> metrics, ClusterPods cluster) {}

    public static Router router(Pods pods, LedgerStore store, TenantRegistry tenants, LongSupplier clockMillis,
            TenantLimits defaultLimits, Webhooks webhooks, Payments payments, Probes probes) {
        AccountsResource accounts = new AccountsResource(pods, store, clockMillis);
        AccountActivityResource activity = new AccountActivityResource(accounts, store);
        TransfersResource transfers = new TransfersResource(pods, store, clockMillis);
        TransactionsResource transactions = new TransactionsResource(pods, clockMillis);
        TenantsResource admin = new TenantsResource(tenants, pods, defaultLimits);
        ApiKeysResource apiKeys = new ApiKeysResource(tenants, pods, clockMillis);
        PodsResource podList = new PodsResource(pods);
        ClusterResource clusterView = new ClusterResource(probes.cluster());
        EventsResource events = new EventsResource(store, eventViews(store, tenants, clockMillis, defaultLimits));
        WebhookEndpointsResource hooks = new WebhookEndpointsResource(webhooks, events, clockMillis);
        PaymentIntentsResource intents = new PaymentIntentsResource(payments.intents());
        RefundsResource refunds = new RefundsResource(payments.refunds(), payments.reads());
        ReconciliationResource recon = reconciliation(pods, store, clockMillis);
        int normal = Route.BODY_BYTES_DEFAULT;
        return new Router()
                .add(new Route("GET", "/health/live", Route.Access.PUBLIC, 0, r -> live()))
                .add(new Route("GET", "/health/ready", Route.Access.PUBLIC, 0, r -> ready(probes.readiness().check())))
                .add(new Route("GET", "/metrics", Route.Access.PUBLIC, 0, r -> metrics(probes.metrics().get())))
                .add(new Route("POST", "/v1/admin/tenants", Route.Access.ADMIN, normal, admin::create))
                .add(new Route("GET", "/v1/admin/tenants", Route.Access.ADMIN, 0, admin::list))
                .add(new Route("GET", "/v1/admin/cluster", Route.Access.ADMIN, 0, clusterView::get))
                .add(new Route("GET", "/v1/admin/tenants/{id}", Route.Access.ADMIN, 0, admin::get))
                .add(new Route("POST", "/v1/admin/tenants/{id}", Route.Access.ADMIN, normal, admin::update))
                .add(new Route("POST", "/v1/admin/tenants/{id}/move", Route.Access.ADMIN, normal, admin::move))
                .add(new Route("POST", "/v1/admin/tenants/{id}/deactivate", Route.Access.ADMIN, normal,
                        admin::deactivate))
                .add(new Route("POST", "/v1/admin/tenants/{id}/reactivate", Route.Access.ADMIN, normal,
                        admin::reactivate))
                .add(new Route("GET", "/v1/admin/tenants/{id}/api_keys", Route.Access.ADMIN, 0, apiKeys::list))
                .add(new Route("POST", "/v1/admin/tenants/{id}/api_keys", Route.Access.ADMIN, normal, apiKeys::create))
                .add(new Route("POST", "/v1/admin/tenants/{id}/api_keys/{key_id}/roll", Route.Access.ADMIN, normal,
                        apiKeys::roll))
                .add(new Route("POST", "/v1/admin/tenants/{id}/api_keys/{key_id}/revoke", Route.Access.ADMIN, normal,
                        apiKeys::revoke))
                .add(new Route("GET", "/v1/admin/pods", Route.Access.ADMIN, 0, podList::list))
                .add(new Route("POST", "/v1/accounts", Route.Access.TENANT, normal, accounts::create))
                .add(new Route("GET", "/v1/accounts", Route.Access.TENANT, 0, accounts::list))
                .add(new Route("GET", "/v1/accounts/{id}", Route.Access.TENANT, 0, accounts::get))
                .add(new Route("GET", "/v1/accounts/{id}/transfers", Route.Access.TENANT, 0, activity::transfers))
                .add(new Route("GET", "/v1/accounts/{id}/balances", Route.Access.TENANT, 0, activity::balances))
                .add(new Route("POST", "/v1/transfers", Route.Access.TENANT, normal, transfers::create)
                        .criticalWhen(r -> r.bodyHasField("pending_id")))
                .add(new Route("POST", "/v1/transfers/batch", Route.Access.TENANT,
                        TransfersResource.BATCH_BODY_BYTES_MAX, transfers::createBatch).withPriority(Priority.BULK))
                .add(new Route("GET", "/v1/transfers/{id}", Route.Access.TENANT, 0, transfers::get))
                .add(new Route("POST", "/v1/transactions", Route.Access.TENANT, normal, transactions::create))
                .add(new Route("GET", "/v1/events", Route.Access.TENANT, 0, events::list))
                .add(new Route("GET", "/v1/events/{id}", Route.Access.TENANT, 0, events::get))
                .add(new Route("GET", "/v1/events/{id}/deliveries", Route.Access.TENANT, 0, hooks::eventDeliveries))
                .add(new Route("POST", "/v1/webhook_endpoints", Route.Access.TENANT, normal, hooks::create))
                .add(new Route("GET", "/v1/webhook_endpoints", Route.Access.TENANT, 0, hooks::list))
                .add(new Route("GET", "/v1/webhook_endpoints/{id}", Route.Access.TENANT, 0, hooks::get))
                .add(new Route("POST", "/v1/webhook_endpoints/{id}", Route.Access.TENANT, normal, hooks::update))
                .add(new Route("DELETE", "/v1/webhook_endpoints/{id}", Route.Access.TENANT, 0, hooks::delete))
                .add(new Route("POST", "/v1/webhook_endpoints/{id}/rotate_secret", Route.Access.TENANT, normal,
                        hooks::rotateSecret))
                .add(new Route("POST", "/v1/webhook_endpoints/{id}/replay", Route.Access.TENANT, normal,
                        hooks::replay))
                .add(new Route("GET", "/v1/webhook_endpoints/{id}/dead_letters", Route.Access.TENANT, 0,
                        hooks::deadLetters))
                .add(new Route("POST", "/v1/payment_intents", Route.Access.TENANT, normal, intents::create).withForms().readingFirst())
                .add(new Route("GET", "/v1/payment_intents", Route.Access.TENANT, 0, intents::list))
                .add(new Route("GET", "/v1/payment_intents/{id}", Route.Access.TENANT, 0, intents::get))
                .add(new Route("POST", "/v1/payment_intents/{id}", Route.Access.TENANT, normal, intents::update)
                        .withForms().readingFirst())
                .add(new Route("POST", "/v1/payment_intents/{id}/confirm", Route.Access.TENANT, normal,
                        intents::confirm).withForms().readingFirst())
                .add(new Route("POST", "/v1/payment_intents/{id}/capture", Route.Access.TENANT, normal,
                        intents::capture).withForms().readingFirst().withPriority(Priority.CRITICAL))
                .add(new Route("POST", "/v1/payment_intents/{id}/cancel", Route.Access.TENANT, normal,
                        intents::cancel).withForms().readingFirst().withPriority(Priority.CRITICAL))
                .add(new Route("POST", "/v1/refunds", Route.Access.TENANT, normal, refunds::create).withForms().readingFirst())
                .add(new Route("GET", "/v1/refunds", Route.Access.TENANT, 0, refunds::list))
                .add(new Route("GET", "/v1/refunds/{id}", Route.Access.TENANT, 0, refunds::get))
                .add(new Route("POST", "/v1/reconciliation/statements", Route.Access.TENANT, 0, recon::importStatement)
                        .streaming(ReconciliationResource.STATEMENT_BYTES_MAX).withPriority(Priority.BULK)
                        .readingFirst())
                .add(new Route("GET", "/v1/reconciliation/statements", Route.Access.TENANT, 0, recon::listStatements))
                .add(new Route("GET", "/v1/reconciliation/statements/{id}", Route.Access.TENANT, 0,
                        recon::getStatement))
                .add(new Route("GET", "/v1/reconciliation/statements/{id}/lines", Route.Access.TENANT, 0,
                        recon::listLines))
                .add(new Route("GET", "/v1/reconciliation/exceptions", Route.Access.TENANT, 0, recon::listExceptions))
                .add(new Route("POST", "/v1/reconciliation/runs", Route.Access.TENANT, normal, recon::createRun)
                        .readingFirst())
                .add(new Route("GET", "/v1/reconciliation/runs/{id}", Route.Access.TENANT, 0, recon::getRun))
                .add(new Route("GET", "/v1/reconciliation/rules", Route.Access.TENANT, 0, recon::listRules))
                .add(new Route("POST", "/v1/reconciliation/rules", Route.Access.TENANT, normal, recon::createRule)
                        .readingFirst())
                .add(new Route("DELETE", "/v1/reconciliation/rules/{id}", Route.Access.TENANT, 0, recon::deleteRule))
                .add(new Route("POST", "/v1/reconciliation/matches", Route.Access.TENANT, normal, recon::createMatch)
                        .readingFirst())
                .add(new Route("POST", "/v1/reconciliation/matches/{id}/unmatch", Route.Access.TENANT, normal,
                        recon::unmatch).readingFirst())
                .add(new Route("POST", "/v1/expected_payments", Route.Access.TENANT, normal,
                        recon::createExpectedPayment))
                .add(new Route("GET", "/v1/expected_payments", Route.Access.TENANT, 0, recon::listExpectedPayments))
                .add(new Route("GET", "/v1/expected_payments/{id}", Route.Access.TENANT, 0,
                        recon::getExpectedPayment));
    }

    /** The pipeline over the routes, with what a tenant's read waits for first (a cluster's read index). */
    public static ApiDispatcher dispatcher(Pods pods, LedgerStore store, TenantRegistry tenants,
            IdempotencyKeys idempotencyKeys, String adminToken, LongSupplier clockMillis, TrafficControl traffic,
            Webhooks webhooks, Payments payments, Probes probes, RequestListener listener, ApiDispatcher.Guards guards,
            ApiDispatcher.ReadFence reads) {
        Router router = router(pods, store, tenants, clockMillis, traffic.policy().tenantDefaults(), webhooks,
                payments, probes);
        return new ApiDispatcher(router, tenants, idempotencyKeys, adminToken, pods::isOpen, traffic,
                tenant -> load(pods, tenant), listener, guards, reads);
    }

    private static ReconciliationResource reconciliation(Pods pods, LedgerStore store, LongSupplier clockMillis) {
        ReconReads reads = new ReconReads(store);
        return new ReconciliationResource(new StatementImport(pods, reads, store, clockMillis),
                new OpenLinesRun(pods, reads, store, clockMillis), new Reconciliation(pods, reads, store, clockMillis),
                store);
    }

    /**
     * How events are shown, the events about a tenant's keys and status included (their object
     * is the key or the tenant as it is now: keys and tenants are changed in place, never deleted,
     * but the oldest dead keys make room for new ones and then show as {@code removed}).
     */
    public static EventViews eventViews(LedgerStore store, TenantRegistry tenants, LongSupplier clockMillis,
            TenantLimits defaultLimits) {
        PaymentReads payments = new PaymentReads(store);
        ReconReads reconciliation = new ReconReads(store);
        return new EventViews(store, event -> {
            if (event.type().isPayment()) {
                return paymentObject(payments, event);
            }
            if (event.type().isReconciliation()) {
                return reconciliationObject(reconciliation, event);
            }
            Tenant tenant = tenants.byLedger(event.ledger());
            if (tenant == null) {
                return null;
            }
            if (event.type() == EventType.TENANT_DEACTIVATED || event.type() == EventType.TENANT_REACTIVATED) {
                return TenantViews.tenant(tenant, defaultLimits);
            }
            ApiKey key = tenant.key(event.objectId());
            return key != null ? TenantViews.apiKey(tenant, key, clockMillis.getAsLong())
                    : TenantViews.removedKey(tenant, event.objectId());
        });
    }

    /** A reconciliation event's line (the statement and the line's index) or run, as it is now. */
    private static Map<String, Object> reconciliationObject(ReconReads reads, Event event) {
        if (event.type() == EventType.RECONCILIATION_RUN_COMPLETED) {
            Run run = reads.run(event.ledger(), event.objectId());
            return run == null ? null : ReconciliationViews.run(run);
        }
        Statement statement = reads.statement(event.ledger(), event.objectId());
        StoredLine line = statement == null ? null
                : reads.line(event.ledger(), new LineRef(event.objectId(), (int) event.objectTimestamp()));
        return line == null ? null : ReconciliationViews.line(line, statement.currency());
    }

    /** A payment event's intent or refund, as the event left it (its version). */
    private static Map<String, Object> paymentObject(PaymentReads payments, Event event) {
        UInt128 id = event.objectId();
        int version = (int) event.objectTimestamp();
        if (event.type() == EventType.REFUND_CREATED || event.type() == EventType.REFUND_UPDATED) {
            Refund r = payments.refundAt(event.ledger(), id, version);
            if (r == null) {
                return null;
            }
            PaymentIntent p = payments.intent(event.ledger(), r.paymentIntent());
            return PaymentViews.refund(r, p == null ? null : p.latestCharge());
        }
        PaymentIntent p = payments.intentAt(event.ledger(), id, version);
        return p == null ? null : PaymentViews.intent(p, false);
    }

    /** The load of the tenant's pod; for admin requests (no tenant), of the busiest pod. */
    static LoadSnapshot load(Pods pods, Tenant tenant) {
        if (tenant != null) {
            return load(pods.pod(pods.podIndexOf(tenant.ledger())));
        }
        int queuePercent = 0;
        long queueDelayNanos = 0;
        for (Pod pod : pods.all()) {
            queuePercent = Math.max(queuePercent, pod.queuePercent());
            queueDelayNanos = Math.max(queueDelayNanos, pod.queueDelayNanos());
        }
        return new LoadSnapshot(queuePercent, TimeUnit.NANOSECONDS.toMillis(queueDelayNanos), 0);
    }

    private static LoadSnapshot load(Pod pod) {
        return new LoadSnapshot(pod.queuePercent(), TimeUnit.NANOSECONDS.toMillis(pod.queueDelayNanos()), 0);
    }

    /** Liveness: the process runs and answers (also while it recovers). */
    static ApiResponse live() {
        return new ApiResponse(200, JsonWriter.write(Map.of("status", Readiness.OK)));
    }

    /** Readiness: 200 with every component's state when ready, else 503 with the same body. */
    static ApiResponse ready(Map<String, Object> answer) {
        return new ApiResponse(Readiness.isReady(answer) ? 200 : 503, JsonWriter.write(answer));
    }

    private static ApiResponse metrics(String text) {
        return new ApiResponse(200, text.getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Type", SettleMetrics.CONTENT_TYPE);
    }
}
