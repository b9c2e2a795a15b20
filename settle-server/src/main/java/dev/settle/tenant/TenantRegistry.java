package dev.settle.tenant;

import dev.settle.common.Ids;
import dev.settle.ledger.UInt128;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.Pods;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.WriteBatchRep;
import dev.settle.traffic.TenantLimits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The tenants of a data directory: loaded at start, created by the admin API (or as
 * {@code default} on a fresh directory), each with its own ledger number. Authentication looks
 * a presented key up by its hash and confirms it with a constant-time comparison.
 */
public final class TenantRegistry {
    public static final String DEFAULT_NAME = "default";
    public static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    /** Ledger numbers start at 1; 0 scopes administrative idempotency keys. */
    public static final int FIRST_LEDGER = 1;

    private final LedgerStore store;
    private final int tenantsFamily;
    private final LongSupplier clockMillis;
    private final Map<String, Tenant> byKeyHash = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Tenant> byName = new HashMap<>();

    /** A tenant just created, with its secret key (shown once). */
    public record Created(Tenant tenant, String secretKey) {}

    /** Thrown when a tenant name is taken. */
    public static final class NameTakenException extends RuntimeException {
        NameTakenException(String name) {
            super("a tenant named " + name + " exists");
        }
    }

    /** Thrown when no tenant has the name. */
    public static final class NoSuchTenantException extends RuntimeException {
        NoSuchTenantException(UInt128 id) {
            super("no tenant has the id " + Ids.format(id));
        }
    }

    private TenantRegistry(LedgerStore store, LongSupplier clockMillis) {
        this.store = store;
        this.clockMillis = clockMillis;
        this.tenantsFamily = store.columnFamilyIds()[ColumnFamily.TENANTS.ordinal()];
    }

    /** Loads every tenant of the store. */
    public static TenantRegistry load(LedgerStore store, LongSupplier clockMillis) {
        TenantRegistry registry = new TenantRegistry(store, clockMillis);
        store.scan(ColumnFamily.TENANTS, (key, value) -> registry.register(TenantCodec.decode(key, value)));
        return registry;
    }

    /** The pod of every tenant's ledger, for the pods to recover. */
    public synchronized Map<Integer, Integer> podOfLedger() {
        Map<Integer, Integer> pods = new HashMap<>();
        byName.values().forEach(t -> pods.put(t.ledger(), t.pod()));
        return pods;
    }

    public synchronized List<Tenant> list() {
        List<Tenant> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparingInt(Tenant::ledger).reversed());
        return all;
    }

    public synchronized boolean isEmpty() {
        return byName.isEmpty();
    }

    /** The tenant whose secret key this is, or null. */
    public Tenant authenticate(String presentedKey) {
        if (!ApiKeys.isWellFormed(presentedKey)) {
            return null;
        }
        byte[] hash = ApiKeys.hash(presentedKey);
        Tenant found = byKeyHash.get(HexFormat.of().formatHex(hash));
        return found != null && java.security.MessageDigest.isEqual(hash, found.keyHash()) ? found : null;
    }

    /**
     * Creates a tenant pinned to {@code apiVersion} in the least loaded pod: writes it (with
     * {@code response}, when given, in the same atomic write), then adds its ledger to the pod.
     */
    public synchronized Created create(String name, String apiVersion, TenantLimits limits, Pods pods,
            DurableResponse response) {
        if (byName.containsKey(name)) {
            throw new NameTakenException(name);
        }
        String secret = ApiKeys.generate();
        long now = clockMillis.getAsLong();
        int ledger = byName.values().stream().mapToInt(Tenant::ledger).max().orElse(FIRST_LEDGER - 1) + 1;
        Tenant tenant = new Tenant(Ids.newV7(now), name, ledger, pods.leastLoaded(), apiVersion, ApiKeys.hash(secret),
                now, limits);
        Created created = new Created(tenant, secret);
        persist(tenant, response, created);
        pods.addLedger(ledger, tenant.pod()).join();
        register(tenant);
        return created;
    }

    /**
     * Moves a tenant to pod {@code pod} while the server runs (see {@link Pods#move}); the new
     * assignment is stored between taking the ledger out of its pod and recovering it in the
     * target, so a restart at any point finds the ledger in exactly one pod.
     */
    public synchronized Tenant move(UInt128 id, int pod, Pods pods) {
        Tenant tenant = existing(id);
        Tenant[] moved = {tenant};
        pods.move(tenant.ledger(), pod, target -> {
            moved[0] = tenant.withPod(target);
            persist(moved[0]);
        });
        register(moved[0]);
        return moved[0];
    }

    /** Gives a tenant its own limits, or (null) makes it follow the server's defaults again. */
    public synchronized Tenant updateLimits(UInt128 id, TenantLimits limits) {
        Tenant updated = existing(id).withLimits(limits);
        persist(updated);
        register(updated);
        return updated;
    }

    /** The tenant with this id, or null. */
    public synchronized Tenant byId(UInt128 id) {
        for (Tenant tenant : byName.values()) {
            if (tenant.id().equals(id)) {
                return tenant;
            }
        }
        return null;
    }

    /** The tenant whose ledger this is, or null. */
    public synchronized Tenant byLedger(int ledger) {
        for (Tenant tenant : byName.values()) {
            if (tenant.ledger() == ledger) {
                return tenant;
            }
        }
        return null;
    }

    private Tenant existing(UInt128 id) {
        Tenant tenant = byId(id);
        if (tenant == null) {
            throw new NoSuchTenantException(id);
        }
        return tenant;
    }

    private void persist(Tenant tenant) {
        persist(tenant, null, null);
    }

    /** Writes the tenant's record, with {@code response} to {@code outcome} when given, in one synced write. */
    private void persist(Tenant tenant, DurableResponse response, Object outcome) {
        WriteBatchRep rep = new WriteBatchRep();
        rep.put(tenantsFamily, TenantCodec.key(tenant.id()), TenantCodec.encode(tenant));
        if (response != null) {
            rep.put(store.columnFamilyIds()[ColumnFamily.IDEMPOTENCY.ordinal()], response.key(),
                    response.encode(outcome));
        }
        store.write(rep.toBytes());
    }

    private void register(Tenant tenant) {
        byKeyHash.put(HexFormat.of().formatHex(tenant.keyHash()), tenant);
        byName.put(tenant.name(), tenant);
    }
}
