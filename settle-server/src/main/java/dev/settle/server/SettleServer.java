package dev.settle.server;

import dev.settle.api.ApiServer;
import dev.settle.api.SettleApi;
import dev.settle.api.version.ApiVersions;
import dev.settle.api.idempotency.IdempotencyKeys;
import dev.settle.pod.LedgerClock;
import dev.settle.pod.Pod;
import dev.settle.pod.PodConfig;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreOptions;
import dev.settle.tenant.TenantRegistry;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Settle as one process: the HTTP server starts listening first (liveness answers at once), then
 * the store opens, tenants load, the pod recovers and the API starts answering (ready). Closing
 * is graceful: stop accepting, finish in-flight requests, then close the pod (which flushes
 * what it has queued) and the store.
 */
public final class SettleServer implements AutoCloseable {
    /** How often expired idempotency keys are swept. */
    public static final long SWEEP_INTERVAL_MINUTES = 10;
    public static final String POD_NAME = "pod-0";

    private final ApiServer http;
    private final LedgerStore store;
    private final Pod pod;
    private final TenantRegistry tenants;
    private final IdempotencyKeys idempotencyKeys;
    private final ScheduledExecutorService sweeper;
    private final String defaultTenantKey;
    private boolean closed;

    /**
     * @param host the address to listen on ({@code 127.0.0.1}, or {@code 0.0.0.0} for all)
     * @param port 0 for any free port
     * @param adminToken SETTLE_ADMIN_TOKEN, or null: admin API off
     * @param clockMillis wall clock for ids, tenants and idempotency expiry (tests move it)
     */
    public record Config(Path data, String host, int port, String adminToken, LongSupplier clockMillis,
            LedgerClock ledgerClock, PodConfig podConfig, StoreOptions storeOptions) {
        public static Config defaults(Path data, String host, int port, String adminToken) {
            return new Config(data, host, port, adminToken, System::currentTimeMillis, LedgerClock.SYSTEM,
                    PodConfig.defaults(), StoreOptions.defaults());
        }

        public Config withClock(LongSupplier millis) {
            return new Config(data, host, port, adminToken, millis, ledgerClock, podConfig, storeOptions);
        }
    }

    private SettleServer(ApiServer http, LedgerStore store, Pod pod, TenantRegistry tenants,
            IdempotencyKeys idempotencyKeys, String defaultTenantKey) {
        this.http = http;
        this.store = store;
        this.pod = pod;
        this.tenants = tenants;
        this.idempotencyKeys = idempotencyKeys;
        this.defaultTenantKey = defaultTenantKey;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idempotency-sweeper");
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
    public static SettleServer start(Config config, Consumer<String> showOnce) throws Exception {
        ApiServer http = ApiServer.start(config.host(), config.port());
        LedgerStore store = null;
        Pod pod = null;
        try {
            store = LedgerStore.open(config.data(), config.storeOptions());
            TenantRegistry tenants = TenantRegistry.load(store, config.clockMillis());
            pod = Pod.start(POD_NAME, store, tenants.ledgers(), config.podConfig(), config.ledgerClock());
            String defaultKey = null;
            if (tenants.isEmpty()) {
                defaultKey = tenants.create(TenantRegistry.DEFAULT_NAME, ApiVersions.CURRENT, pod::addLedger, null).secretKey();
                showOnce.accept(defaultKey);
            }
            IdempotencyKeys keys = new IdempotencyKeys(store, config.clockMillis());
            Pod running = pod;
            http.serve(SettleApi.dispatcher(pod, store, tenants, keys, config.adminToken(), config.clockMillis(),
                    () -> running.isAvailable()));
            return new SettleServer(http, store, pod, tenants, keys, defaultKey);
        } catch (Exception | Error e) {
            http.close();
            if (pod != null) {
                pod.close();
            }
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public Pod pod() {
        return pod;
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

    /** Why the pod stopped by itself (disk full, I/O error), or null. */
    public Throwable failure() {
        return pod.failure();
    }

    private void sweepQuietly() {
        try {
            idempotencyKeys.sweep();
        } catch (RuntimeException e) {
            System.getLogger(SettleServer.class.getName()).log(System.Logger.Level.WARNING,
                    "sweeping expired idempotency keys failed; will retry", e);
        }
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
        } finally {
            pod.close();
            store.close();
        }
    }
}
