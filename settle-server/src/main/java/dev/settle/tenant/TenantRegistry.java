package dev.settle.tenant;

import dev.settle.common.Ids;
import dev.settle.ledger.UInt128;
import dev.settle.events.EventType;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.Futures;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.WriteBatchRep;
import dev.settle.store.outbox.NotedEvent;
import dev.settle.traffic.TenantLimits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The tenants of a data directory: loaded at start, created by the admin API (or as
 * {@code default} on a fresh directory), each with its own ledger number. Authentication looks
 * a presented key up by its hash and confirms it with a constant-time comparison, then checks
 * that the key is neither revoked nor expired and that its tenant is active.
 *
 * <p>Key and status changes (new, rolled and revoked keys, deactivation) go through the tenant's
 * pod: the tenant's record and the change's events are written in one synced batch, and only then
 * does authentication see the change; the answer follows. So a revoked key is refused from the
 * moment its revocation is acknowledged, and the event log has it exactly when the change happened.
 */
public final class TenantRegistry {
    public static final String DEFAULT_NAME = "default";
    public static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    /** Ledger numbers start at 1; 0 scopes administrative idempotency keys. */
    public static final int FIRST_LEDGER = 1;
    /** Ledger numbers tried for one new tenant when other nodes take them at the same time. */
    static final int LEDGER_ATTEMPTS_MAX = 16;

    private final LedgerStore store;
    private final int tenantsFamily;
    private final LongSupplier clockMillis;
    private final Map<String, Tenant> byKeyHash = new java.util.concurrent.ConcurrentHashMap<>();
    /** Read without a lock; written only by {@link #register}, under {@link #registering}. */
    private final Map<String, Tenant> byName = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Orders the updates of the two maps. Apart from the registry's own monitor, which serializes
     * this node's changes while they wait for their pod: a pod tells its records under this lock
     * only, so a change waiting for its pod never blocks the pod.
     */
    private final Object registering = new Object();

    /** The longest expiry of a rolled key: a week to deploy its successor everywhere. */
    public static final long ROLL_EXPIRY_SECONDS_MAX = 7 * 24 * 3600;
    public static final long MILLIS_PER_SECOND = 1000;

    /** A tenant just created, with its secret key (shown once). */
    public record Created(Tenant tenant, String secretKey) {}

    /**
     * A key change: the tenant after it, and the key it concerns (for a roll, the new key); the
     * secret only when the key is new (shown once, never stored).
     */
    public record KeyChange(Tenant tenant, ApiKey key, String secretKey) {}

    /** Thrown when a tenant has no key with the id. */
    public static final class NoSuchKeyException extends RuntimeException {
        NoSuchKeyException() {
            super("the tenant has no such key");
        }
    }

    /** Thrown when a key cannot change as asked; {@link #code()} says why. */
    public static final class KeyStateException extends RuntimeException {
        private final String code;

        KeyStateException(String code, String message) {
            super(message);
            this.code = code;
        }

        /** {@code too_many_api_keys}, {@code api_key_inactive} or {@code api_key_already_rolled}. */
        public String code() {
            return code;
        }
    }

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

    /**
     * Loads every tenant of the store. Changes made through the pods (creations, keys, status) reach
     * the registry through {@link #recorded}, which the pods must be told to call
     * ({@code pods.onRecorded}) before any change is made.
     */
    public static TenantRegistry load(LedgerStore store, LongSupplier clockMillis) {
        TenantRegistry registry = new TenantRegistry(store, clockMillis);
        store.scan(ColumnFamily.TENANTS, (key, value) -> registry.register(TenantCodec.decode(key, value)));
        return registry;
    }

    /**
     * Reads every tenant of the store again, after its content was replaced by a snapshot
     * installed from another node (tenants are never deleted: each is registered anew).
     * Returns the pod of every tenant's ledger.
     */
    public Map<Integer, Integer> reload() {
        store.scan(ColumnFamily.TENANTS, (key, value) -> register(TenantCodec.decode(key, value)));
        return podOfLedger();
    }

    /** The pod of every tenant's ledger, for the pods to recover. */
    public Map<Integer, Integer> podOfLedger() {
        Map<Integer, Integer> pods = new HashMap<>();
        byName.values().forEach(t -> pods.put(t.ledger(), t.pod()));
        return pods;
    }

    public List<Tenant> list() {
        List<Tenant> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparingInt(Tenant::ledger).reversed());
        return all;
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Whose key this is and whether it works now (not revoked, not expired, its tenant active). */
    public Authentication authenticate(String presentedKey) {
        if (!ApiKeys.isWellFormed(presentedKey)) {
            return Authentication.UNKNOWN;
        }
        byte[] hash = ApiKeys.hash(presentedKey);
        Tenant found = byKeyHash.get(HexFormat.of().formatHex(hash));
        ApiKey key = null;
        if (found != null) {
            for (ApiKey candidate : found.keys()) {
                if (java.security.MessageDigest.isEqual(hash, candidate.hash())) {
                    key = candidate;
                }
            }
        }
        if (key == null) {
            return Authentication.UNKNOWN;
        }
        Authentication.Outcome outcome = switch (key.status(clockMillis.getAsLong())) {
            case REVOKED -> Authentication.Outcome.REVOKED;
            case EXPIRED -> Authentication.Outcome.EXPIRED;
            case ACTIVE -> found.active() ? Authentication.Outcome.VALID : Authentication.Outcome.TENANT_DEACTIVATED;
        };
        return new Authentication(outcome, found);
    }

    /**
     * Creates a tenant pinned to {@code apiVersion} in the least loaded pod: one command through that
     * pod ({@link PodCommand.CreateLedger}) writes the tenant, with the answer {@code response}
     * gives for it, and installs its ledger, unless its name or ledger number is claimed already —
     * decided in the pod's order, so that of two nodes of a cluster creating one name at once only
     * one succeeds. A ledger number another node took meanwhile is skipped.
     */
    public Created create(String name, String apiVersion, TenantLimits limits, Pods pods,
            Function<Created, DurableResponse> response) {
        return create(name, apiVersion, limits, pods, response, ApiKeys.generate());
    }

    /**
     * As above, with its first secret key given: a caller that retries after an attempt whose
     * outcome it did not learn (a cluster's timeout) keeps the key, and can tell by it whether the
     * tenant that took the name is its own ({@link #authenticate}).
     */
    public synchronized Created create(String name, String apiVersion, TenantLimits limits, Pods pods,
            Function<Created, DurableResponse> response, String secret) {
        if (byName.containsKey(name)) {
            throw new NameTakenException(name);
        }
        long now = clockMillis.getAsLong();
        int ledger = byName.values().stream().mapToInt(Tenant::ledger).max().orElse(FIRST_LEDGER - 1) + 1;
        int pod = pods.leastLoaded();
        UInt128 id = Ids.newV7(now);
        ApiKey key = ApiKey.of(Ids.newV7(now), secret, now);
        for (int attempt = 0; attempt < LEDGER_ATTEMPTS_MAX; attempt++, ledger++) {
            Tenant tenant = new Tenant(id, name, ledger, pod, apiVersion, now, limits, List.of(key), true);
            Created created = new Created(tenant, secret);
            PodCommand.CreateLedger command = new PodCommand.CreateLedger(ledger,
                    List.of(new PodCommand.Put(ColumnFamily.TENANTS, TenantCodec.key(id), TenantCodec.encode(tenant))),
                    List.of(TenantClaims.name(name, id), TenantClaims.ledger(ledger, id)));
            int outcome = Futures.await(pods.pod(pod).submit(command, answer(response, created)));
            if (outcome == PodCommand.CreateLedger.CREATED) {
                return created; // placed and registered by recorded(), when the pod published it
            }
            if (outcome == TenantClaims.NAME) {
                throw new NameTakenException(name);
            }
        }
        throw new IllegalStateException("no free ledger number after " + LEDGER_ATTEMPTS_MAX + " attempts");
    }

    /**
     * A tenant's record became durable in a pod (created or changed here, or on another node of
     * the cluster): authentication and lookups see it from now on.
     */
    public void recorded(int pod, PodCommand.Put put, Pods pods) {
        if (put.family() != ColumnFamily.TENANTS) {
            return;
        }
        Tenant tenant = TenantCodec.decode(put.key(), put.value());
        pods.place(tenant.ledger(), tenant.pod());
        register(tenant);
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

    /**
     * Gives a tenant its own limits, or (null) makes it follow the server's defaults again: a
     * record written through the tenant's pod, so every node of a cluster applies it.
     */
    public synchronized Tenant updateLimits(UInt128 id, TenantLimits limits, Pods pods) {
        Tenant updated = existing(id).withLimits(limits);
        commit(pods, updated, List.of(), null);
        return updated;
    }

    /**
     * Adds a key to the tenant; the oldest revoked or expired key makes room when it has
     * {@link Tenant#KEYS_MAX}. The answer {@code response} gives for the {@link KeyChange} (it must not
     * show the secret), when given, is stored with the change.
     */
    public synchronized KeyChange createKey(UInt128 tenantId, Pods pods,
            Function<KeyChange, DurableResponse> response) {
        long now = clockMillis.getAsLong();
        String secret = ApiKeys.generate();
        ApiKey key = ApiKey.of(Ids.newV7(now), secret, now);
        Tenant updated = withRoom(existing(tenantId), now).withKey(key);
        KeyChange change = new KeyChange(updated, key, secret);
        commit(pods, updated, List.of(new NotedEvent(EventType.API_KEY_CREATED, key.id())), answer(response, change));
        return change;
    }

    /**
     * Rolls an active key: a new key replaces it, and it keeps working for {@code expiresInSeconds}
     * (0: it stops now), so that its users can move to the new one. Answers the new key.
     */
    public synchronized KeyChange rollKey(UInt128 tenantId, UInt128 keyId, long expiresInSeconds, Pods pods,
            Function<KeyChange, DurableResponse> response) {
        if (expiresInSeconds < 0 || expiresInSeconds > ROLL_EXPIRY_SECONDS_MAX) {
            throw new IllegalArgumentException("expires_in_seconds out of bounds");
        }
        long now = clockMillis.getAsLong();
        Tenant tenant = existing(tenantId);
        ApiKey old = existingKey(tenant, keyId);
        if (old.status(now) != ApiKey.Status.ACTIVE) {
            throw new KeyStateException("api_key_inactive", "the key is " + old.status(now).apiName()
                    + "; only an active key can be rolled");
        }
        if (old.rolled()) {
            throw new KeyStateException("api_key_already_rolled", "the key was rolled already and expires at "
                    + java.time.Instant.ofEpochMilli(old.expiresMillis()) + "; roll its successor instead");
        }
        String secret = ApiKeys.generate();
        ApiKey successor = ApiKey.of(Ids.newV7(now), secret, now);
        // The old key expires no earlier than now: 0 seconds makes it expired at once.
        Tenant updated = withRoom(tenant, now).withKey(old.expiringAt(now + expiresInSeconds * MILLIS_PER_SECOND))
                .withKey(successor);
        KeyChange change = new KeyChange(updated, successor, secret);
        commit(pods, updated, List.of(new NotedEvent(EventType.API_KEY_CREATED, successor.id()),
                new NotedEvent(EventType.API_KEY_ROLLED, old.id())), answer(response, change));
        return change;
    }

    /** Revokes a key at once; revoking a revoked key changes nothing (and records no event). */
    public synchronized KeyChange revokeKey(UInt128 tenantId, UInt128 keyId, Pods pods,
            Function<KeyChange, DurableResponse> response) {
        Tenant tenant = existing(tenantId);
        ApiKey key = existingKey(tenant, keyId);
        if (key.revokedMillis() != ApiKey.NEVER) {
            return new KeyChange(tenant, key, null);
        }
        ApiKey revoked = key.revokedAt(clockMillis.getAsLong());
        Tenant updated = tenant.withKey(revoked);
        KeyChange change = new KeyChange(updated, revoked, null);
        commit(pods, updated, List.of(new NotedEvent(EventType.API_KEY_REVOKED, key.id())), answer(response, change));
        return change;
    }

    /**
     * Deactivates (none of its keys works) or reactivates the tenant; asking for the status it
     * has changes nothing (and records no event). Its data, webhooks and keys are kept.
     */
    public synchronized Tenant setActive(UInt128 tenantId, boolean active, Pods pods,
            Function<Tenant, DurableResponse> response) {
        Tenant tenant = existing(tenantId);
        if (tenant.active() == active) {
            return tenant;
        }
        Tenant updated = tenant.withActive(active);
        EventType type = active ? EventType.TENANT_REACTIVATED : EventType.TENANT_DEACTIVATED;
        commit(pods, updated, List.of(new NotedEvent(type, tenant.id())), answer(response, updated));
        return updated;
    }

    /** The tenant, able to take one more key: without its oldest dead key when it has as many as it may. */
    private static Tenant withRoom(Tenant tenant, long nowMillis) {
        if (tenant.keys().size() < Tenant.KEYS_MAX) {
            return tenant;
        }
        for (ApiKey key : tenant.keys()) { // oldest first
            if (key.status(nowMillis) != ApiKey.Status.ACTIVE) {
                return tenant.withoutKey(key.id());
            }
        }
        throw new KeyStateException("too_many_api_keys", "the tenant has " + Tenant.KEYS_MAX
                + " keys that work; revoke one first");
    }

    private static ApiKey existingKey(Tenant tenant, UInt128 keyId) {
        ApiKey key = tenant.key(keyId);
        if (key == null) {
            throw new NoSuchKeyException();
        }
        return key;
    }

    /**
     * Writes the tenant's record and the change's events through its pod, in one synced batch
     * with {@code response}; once durable, authentication sees it.
     */
    private void commit(Pods pods, Tenant updated, List<NotedEvent> events, DurableResponse response) {
        PodCommand.Put record = new PodCommand.Put(ColumnFamily.TENANTS, TenantCodec.key(updated.id()),
                TenantCodec.encode(updated));
        Futures.await(pods.submit(new PodCommand.RecordChange(updated.ledger(), List.of(record), events), response));
        // Registered by recorded(), when the pod published it: changes from every node in the pod's order.
    }

    /** The tenant with this id, or null. */
    public Tenant byId(UInt128 id) {
        for (Tenant tenant : byName.values()) {
            if (tenant.id().equals(id)) {
                return tenant;
            }
        }
        return null;
    }

    /** The tenant whose ledger this is, or null. */
    public Tenant byLedger(int ledger) {
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

    /** The answer to store for {@code change}, or null when there is none to store. */
    private static <T> DurableResponse answer(Function<T, DurableResponse> response, T change) {
        return response == null ? null : response.apply(change);
    }

    /** Writes the tenant's record straight to the store, synced (a move between this node's pods). */
    private void persist(Tenant tenant) {
        WriteBatchRep rep = new WriteBatchRep();
        rep.put(tenantsFamily, TenantCodec.key(tenant.id()), TenantCodec.encode(tenant));
        store.write(rep.toBytes());
    }

    /** Makes {@code tenant} (a new one, or a new version of one) what authentication and lookups see. */
    private void register(Tenant tenant) {
        synchronized (registering) {
            Tenant previous = byName.put(tenant.name(), tenant);
            for (ApiKey key : tenant.keys()) {
                byKeyHash.put(HexFormat.of().formatHex(key.hash()), tenant);
            }
            if (previous != null) {
                for (ApiKey key : previous.keys()) {
                    if (tenant.key(key.id()) == null) {
                        byKeyHash.remove(HexFormat.of().formatHex(key.hash()));
                    }
                }
            }
        }
    }
}
