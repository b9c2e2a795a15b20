package dev.settle.server;

import dev.settle.api.ApiDispatcher;
import dev.settle.api.ApiServer;
import dev.settle.api.SettleApi;
import dev.settle.api.StoredAnswers;
import dev.settle.api.events.EventViews;
import dev.settle.api.guard.AuthFailureThrottle;
import dev.settle.api.guard.ClientAddresses;
import dev.settle.api.idempotency.IdempotencyKeys;
import dev.settle.api.json.JsonWriter;
import dev.settle.api.version.ApiVersions;
import dev.settle.cluster.ClusterIdentity;
import dev.settle.cluster.ClusterPods;
import dev.settle.health.DiskSpace;
import dev.settle.health.Readiness;
import dev.settle.logs.RequestLogging;
import dev.settle.metrics.ClientGuardMetrics;
import dev.settle.metrics.HttpMetrics;
import dev.settle.metrics.PodMetrics;
import dev.settle.metrics.ReplicationMetrics;
import dev.settle.metrics.SettleMetrics;
import dev.settle.metrics.StoreMetrics;
import dev.settle.metrics.TrafficMetrics;
import dev.settle.metrics.WebhookMetrics;
import dev.settle.pod.DurableResponseCodec;
import dev.settle.pod.Futures;
import dev.settle.pod.Pod;
import dev.settle.pod.PodBatchCodec;
import dev.settle.pod.PodUnavailableException;
import dev.settle.payments.PaymentMetrics;
import dev.settle.payments.Payments;
import dev.settle.pod.Pods;
import dev.settle.replication.RaftNode;
import dev.settle.request.RequestListener;
import dev.settle.secrets.SecretsAtRest;
import dev.settle.store.LedgerStore;
import dev.settle.tenant.Tenant;
import dev.settle.tenant.TenantRegistry;
import dev.settle.tracing.Tracing;
import dev.settle.traffic.BodyBudget;
import dev.settle.traffic.TrafficControl;
import dev.settle.webhooks.AddressResolver;
import dev.settle.webhooks.EventPayloads;
import dev.settle.pod.StoreWrites;
import dev.settle.webhooks.TargetPolicy;
import dev.settle.webhooks.WebhookEndpoints;
import dev.settle.webhooks.WebhookRelay;
import dev.settle.webhooks.Webhooks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settle as one process: the HTTP server starts listening first (liveness answers at once), then
 * the store opens, tenants load, the pod recovers and the API starts answering (ready). Closing
 * is graceful: stop accepting, finish in-flight requests, then close the pod (which flushes
 * what it has queued) and the store.
 */
public final class SettleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SettleServer.class);
    /** How often expired idempotency keys are swept. */
    public static final long SWEEP_INTERVAL_MINUTES = 10;

    private final ApiServer http;
    private final LedgerStore store;
    /** How a pod batch travels in a cluster's logs: stored answers by their renderers' ids. */
    private static final PodBatchCodec POD_BATCHES = new PodBatchCodec(new DurableResponseCodec(StoredAnswers::byId));
    private final Pods pods;
    /** This node's part of a cluster, or null on a single node. */
    private final ClusterPods cluster;
    private final TrafficControl traffic;
    private final TenantRegistry tenants;
    private final IdempotencyKeys idempotencyKeys;
    private final WebhookRelay relay;
    private final Payments payments;
    private final Tracing tracing;
    private final SettleMetrics metrics;
    private final ScheduledExecutorService sweeper;
    private final String defaultTenantKey;
    private boolean closed;

    /** The data directory belongs to another node or cluster, or to a single node: nothing was written. */
    public static final class ClusterMismatchException extends RuntimeException {
        ClusterMismatchException(String message) {
            super(message);
        }
    }

    /** The data directory does not fit the configuration (a tenant in a pod that is not configured). */
    public static final class ConfigurationException extends RuntimeException {
        ConfigurationException(String message) {
            super(message);
        }
    }

    private SettleServer(ApiServer http, LedgerStore store, Pods pods, ClusterPods cluster, TrafficControl traffic,
            TenantRegistry tenants,
            IdempotencyKeys idempotencyKeys, WebhookRelay relay, Payments payments, Tracing tracing,
            SettleMetrics metrics, String defaultTenantKey) {
        this.http = http;
        this.store = store;
        this.pods = pods;
        this.cluster = cluster;
        this.traffic = traffic;
        this.tenants = tenants;
        this.idempotencyKeys = idempotencyKeys;
        this.relay = relay;
        this.payments = payments;
        this.tracing = tracing;
        this.metrics = metrics;
        this.defaultTenantKey = defaultTenantKey;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_INTERVAL_MINUTES, SWEEP_INTERVAL_MINUTES,
                TimeUnit.MINUTES);
    }

    /**
     * Starts Settle. On a data directory without tenants it creates {@code default} and hands its
     * secret key to {@code showOnce} (standard output, never a log).
     */
    public static SettleServer start(ServerConfig config, Consumer<String> showOnce) throws Exception {
        ApiServer http = ApiServer.start(config.host(), config.port(), config.clients().connections(),
                config.clients().trustedProxies(), config.tls());
        LedgerStore store = null;
        Pods pods = null;
        ClusterPods cluster = null;
        WebhookRelay relay = null;
        Payments payments = null;
        Tracing tracing = null;
        SettleMetrics metrics = new SettleMetrics(BuildInfo.version());
        try {
            tracing = Tracing.start(config.tracing());
            if (config.cluster() != null) {
                try {
                    ClusterIdentity.claim(config.data(), config.cluster());
                } catch (ClusterIdentity.MismatchException e) {
                    throw new ClusterMismatchException(e.getMessage());
                }
            }
            store = LedgerStore.open(config.storeDirectory(), config.storeOptions());
            SecretsAtRest secrets = SecretsAtRest.open(store, config.masterKeys());
            TenantRegistry tenants = TenantRegistry.load(store, config.clockMillis());
            // Before the pods: on a cluster they replay the log at start, telling both of its records.
            WebhookEndpoints endpoints = WebhookEndpoints.load(store, config.clockMillis(), secrets.box());
            checkPodsFit(tenants, config.pods());
            if (config.cluster() == null) {
                pods = Pods.start(store, config.pods(), tenants.podOfLedger(), config.podConfig(),
                        config.ledgerClock(), config.trafficNanos());
            } else {
                cluster = ClusterPods.join(new RaftNode(config.cluster()), store, config.pods(), tenants.podOfLedger(),
                        config.podConfig(), POD_BATCHES, config.ledgerClock(), () -> {
                            secrets.storeReplaced();
                            endpoints.reload();
                            return tenants.reload();
                        });
                pods = cluster.pods();
            }
            Pods started = pods;
            pods.onRecorded((pod, put) -> {
                tenants.recorded(pod, put, started);
                endpoints.recorded(put);
            });
            endpoints.writeThrough(pods);
            relay = new WebhookRelay(store, cluster == null ? StoreWrites.direct(store) : StoreWrites.throughPods(pods),
                    endpoints, config.webhooks(), payloads(store, tenants, config), config.clockMillis(),
                    tracing.deliveries());
            pods.onDurable(relay::signal);
            payments = new Payments(pods, store, config.payments(), () -> tenantLedgers(tenants), config.clockMillis());
            String defaultKey = null;
            if (cluster != null) {
                relay.startStandby();
                WebhookRelay leaderRelay = relay;
                Payments leaderPayments = payments;
                cluster.leaderJobs(0, leading -> {
                    leaderRelay.lead(leading);
                    leaderPayments.recovery().lead(leading);
                });
                cluster.start();
                DefaultTenant.createInBackground(tenants, pods, showOnce);
            } else {
                relay.start();
                payments.recovery().lead(true);
                if (tenants.isEmpty()) {
                    defaultKey = tenants.create(TenantRegistry.DEFAULT_NAME, ApiVersions.CURRENT, null, pods, null)
                            .secretKey();
                    showOnce.accept(defaultKey);
                }
            }
            IdempotencyKeys keys = new IdempotencyKeys(store, config.clockMillis(), secrets.box());
            if (cluster != null) {
                keys.writeThrough(StoreWrites.throughPods(pods));
            }
            TrafficControl traffic = new TrafficControl(config.degradation(), config.trafficNanos());
            secrets.finish(endpoints.resealed() + (secrets.resealNeeded() ? keys.reseal() : 0));
            Webhooks webhooks = new Webhooks(endpoints, relay,
                    new TargetPolicy(config.webhooks().allowPrivateTargets(), AddressResolver.SYSTEM), store);
            DiskSpace disk = new DiskSpace(config.health().probe().apply(config.data()),
                    config.health().diskFreeBytesMin());
            Readiness readiness = new Readiness(pods, disk);
            bindMetrics(metrics.registry(), pods, traffic, store, disk, readiness);
            if (cluster != null) {
                ReplicationMetrics.bind(metrics.registry(), cluster);
            }
            ApiDispatcher.Guards guards = new ApiDispatcher.Guards(new BodyBudget(
                    config.clients().bodyBytesInFlightMax(), config.clients().tenantBodyBytesInFlightMax()),
                    new ClientAddresses(config.clients().trustedProxies()), new AuthFailureThrottle(config.trafficNanos()));
            ClientGuardMetrics.bind(metrics.registry(), http.guard(), guards.bodies());
            if (http.handshakes() != null) {
                ClientGuardMetrics.bindTls(metrics.registry(), http.handshakes());
            }
            WebhookMetrics.bind(metrics.registry(), relay, config.clockMillis());
            PaymentMetrics.bind(metrics.registry(), payments);
            SettleApi.Probes probes = new SettleApi.Probes(readiness, metrics::scrape, cluster);
            // Tracing first: it gives the request its trace id, which the access log carries.
            RequestListener listeners = RequestListener.all(List.of(tracing.listener(), new RequestLogging(),
                    new HttpMetrics(metrics.registry())));
            http.serve(SettleApi.dispatcher(pods, store, tenants, keys, config.adminToken(), config.clockMillis(),
                    traffic, webhooks, payments, probes, listeners, guards, cluster == null
                            ? ApiDispatcher.ReadFence.NONE : linearizableReads(pods, cluster)));
            return new SettleServer(http, store, pods, cluster, traffic, tenants, keys, relay, payments, tracing,
                    metrics, defaultKey);
        } catch (Exception | Error e) {
            http.close();
            if (payments != null) {
                payments.close();
            }
            if (relay != null) {
                relay.close();
            }
            if (cluster != null) {
                cluster.close();
            } else if (pods != null) {
                pods.close();
            }
            if (store != null) {
                store.close();
            }
            if (tracing != null) {
                tracing.close();
            }
            metrics.close();
            throw e;
        }
    }

    /**
     * A tenant's read first waits for its pod's read index on this node: it then sees every write
     * acknowledged anywhere in the cluster before it. No majority within the group's timeout: 503.
     */
    private static ApiDispatcher.ReadFence linearizableReads(Pods pods, ClusterPods cluster) {
        return new ApiDispatcher.ReadFence() {
            @Override
            public void await(Tenant tenant) {
                fence(pods.podOf(tenant.ledger()));
            }

            @Override
            public void admit(Tenant tenant) {
                int pod = pods.podIndexOf(tenant.ledger());
                if (!cluster.awaitLeader(pod, LEADER_GRACE_MILLIS)) {
                    throw new PodUnavailableException("pod " + pod + " knows no leader: this node cannot reach a"
                            + " majority of the cluster");
                }
            }

            @Override
            public void awaitEveryPod() {
                pods.all().forEach(pod -> fence(pod));
            }
        };
    }

    private static void fence(Pod pod) {
        try {
            Futures.await(pod.readFence());
        } catch (PodUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PodUnavailableException("the pod cannot confirm it is current for a consistent read ("
                    + e.getMessage() + "); retry shortly", e);
        }
    }

    /**
     * How long a request waits for its pod's group to know a leader before it answers 503: about
     * one election (decision 0013: 500 to 1,000 ms), so a request during a normal leader change
     * waits for it and one on a node cut off from the others answers at once after it.
     */
    static final long LEADER_GRACE_MILLIS = 1_500;

    /** This node's part of the cluster, or null on a single node. */
    public ClusterPods cluster() {
        return cluster;
    }

    public int port() {
        return http.port();
    }

    /** The HTTP server's connection guard: what it refused and cut off. */
    public dev.settle.api.guard.ConnectionGuard connectionGuard() {
        return http.guard();
    }

    public Pods pods() {
        return pods;
    }

    /** The limiters and their counters. */
    public TrafficControl traffic() {
        return traffic;
    }

    private static void bindMetrics(MeterRegistry registry, Pods pods, TrafficControl traffic, LedgerStore store,
            DiskSpace disk, Readiness readiness) {
        Gauge.builder("settle.ready", readiness, r -> Readiness.isReady(r.check()) ? 1 : 0)
                .description("1 while /health/ready answers 200").register(registry);
        PodMetrics.bind(registry, pods);
        TrafficMetrics.bind(registry, traffic);
        StoreMetrics.bind(registry, store, disk);
    }

    /** The metrics registry (tests read meters from it). */
    public SettleMetrics metrics() {
        return metrics;
    }

    /** Refuses to start when a stored tenant lives in a pod beyond the configured count. */
    private static void checkPodsFit(TenantRegistry tenants, int podCount) {
        for (Tenant tenant : tenants.list()) {
            if (tenant.pod() >= podCount) {
                throw new ConfigurationException("tenant " + tenant.name() + " lives in pod " + tenant.pod()
                        + " but the server is configured with " + podCount + " pods; start it with --pods "
                        + (tenant.pod() + 1) + " or more (tenants move between pods with the admin API)");
            }
        }
    }

    public TenantRegistry tenants() {
        return tenants;
    }

    public IdempotencyKeys idempotencyKeys() {
        return idempotencyKeys;
    }

    /** The key of the tenant {@code default} when this start created it, else null. */
    public String defaultTenantKey() {
        return defaultTenantKey;
    }

    /** Why a pod stopped by itself (disk full, I/O error), or null. */
    public Throwable failure() {
        return pods.failure();
    }

    /** Deliveries carry each event rendered in its tenant's pinned API version. */
    /** Every tenant's ledger (the payments recovery job's round). */
    private static List<Integer> tenantLedgers(TenantRegistry tenants) {
        return tenants.list().stream().map(Tenant::ledger).toList();
    }

    private static EventPayloads payloads(LedgerStore store, TenantRegistry tenants, ServerConfig config) {
        EventViews views = SettleApi.eventViews(store, tenants, config.clockMillis(),
                config.degradation().tenantDefaults());
        return event -> {
            Tenant tenant = tenants.byLedger(event.ledger());
            String version = tenant == null ? ApiVersions.CURRENT : tenant.apiVersion();
            Map<String, Object> tree = views.event(event, version);
            ApiVersions.downgradeAnswer(version, tree);
            return JsonWriter.write(tree);
        };
    }

    private void sweepQuietly() {
        try {
            if (cluster != null && !cluster.status(0).isLeader()) {
                return; // the pod's leader sweeps, through the log: every replica deletes the same records
            }
            idempotencyKeys.sweep();
            for (Tenant tenant : tenants.list()) {
                relay.sweepRetention(tenant.ledger());
            }
        } catch (RuntimeException e) {
            LOG.warn("sweeping expired idempotency keys and events failed; will retry", e);
        }
    }

    /** Deletes expired idempotency keys and events now (the sweeper does it every few minutes). */
    public void sweep() {
        sweepQuietly();
    }

    /** The webhook relay. */
    public WebhookRelay webhooks() {
        return relay;
    }

    /** Stops accepting, lets in-flight requests finish, then closes the pod and the store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.shutdownNow();
        try {
            http.close();
            payments.close();
            relay.close();
        } finally {
            if (cluster != null) {
                cluster.close();
            } else {
                pods.close();
            }
            store.close();
            tracing.close();
            metrics.close();
        }
    }
}
