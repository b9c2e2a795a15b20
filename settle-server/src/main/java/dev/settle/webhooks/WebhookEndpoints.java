package dev.settle.webhooks;

import dev.settle.events.StoredEvents;
import dev.settle.ledger.UInt128;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.Futures;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import dev.settle.secrets.SecretBox;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.WriteBatchRep;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Every tenant's webhook endpoints: in memory for the relay, in the store for restarts. Every
 * change is a record written through the tenant's pod (with the request's idempotency answer,
 * when it has one), durable before it is answered; on a cluster it is then on every node. What
 * this node keeps in memory follows the records its pods apply ({@link #recorded}), whichever
 * node made the change.
 */
public final class WebhookEndpoints {
    private final LedgerStore store;
    private final int endpointsFamily;
    private final LongSupplier clockMillis;
    private final SecretBox box;
    /** Records load found in plaintext or under an old master key, and wrote again sealed under the current one. */
    private final int resealed;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Map<UInt128, WebhookEndpoint>> byLedger = new ConcurrentHashMap<>();
    private volatile Consumer<WebhookEndpoint> listener = e -> { };
    /** Where changes are written: set once by {@link #writeThrough}, before the first change. */
    private volatile Pods pods;

    /** Thrown when a tenant already has {@link WebhookEndpoint#ENDPOINTS_PER_TENANT_MAX} endpoints. */
    public static final class LimitReachedException extends RuntimeException {
        LimitReachedException() {
            super("a tenant has at most " + WebhookEndpoint.ENDPOINTS_PER_TENANT_MAX + " webhook endpoints");
        }
    }

    private WebhookEndpoints(LedgerStore store, LongSupplier clockMillis, SecretBox box, int resealed) {
        this.store = store;
        this.clockMillis = clockMillis;
        this.box = box;
        this.resealed = resealed;
        int[] ids = store.columnFamilyIds();
        this.endpointsFamily = ids[ColumnFamily.WEBHOOK_ENDPOINTS.ordinal()];
    }

    /**
     * Loads every endpoint, opening their secrets with {@code box}; a record in plaintext (written
     * before secrets were sealed) or sealed under an old master key is written again, sealed under
     * the current key, before this returns (see {@link #resealed()}).
     */
    public static WebhookEndpoints load(LedgerStore store, LongSupplier clockMillis, SecretBox box) {
        List<WebhookEndpoint> stale = new ArrayList<>();
        List<WebhookEndpoint> loaded = new ArrayList<>();
        store.scan(ColumnFamily.WEBHOOK_ENDPOINTS, (key, value) -> {
            WebhookEndpoint endpoint = EndpointCodec.decode(key, value, box);
            loaded.add(endpoint);
            if (EndpointCodec.needsReseal(value, box)) {
                stale.add(endpoint);
            }
        });
        WebhookEndpoints endpoints = new WebhookEndpoints(store, clockMillis, box, stale.size());
        loaded.forEach(endpoints::remember);
        for (WebhookEndpoint endpoint : stale) {
            endpoints.reseal(endpoint);
        }
        return endpoints;
    }

    /** Sets the pods that every change is written through; before the first change. */
    public void writeThrough(Pods target) {
        this.pods = target;
    }

    /**
     * An endpoint's record became durable in a pod (a change made here or on another node): what
     * the relay and the API see from now on. An empty record is a deletion.
     */
    public void recorded(PodCommand.Put put) {
        if (put.family() != ColumnFamily.WEBHOOK_ENDPOINTS) {
            return;
        }
        if (put.isDeletion()) {
            WebhookEndpoint removed = forget(EndpointCodec.ledgerOf(put.key()), EndpointCodec.idOf(put.key()));
            if (removed != null) {
                listener.accept(removed.withStatus(WebhookEndpoint.Status.DISABLED_MANUALLY));
            }
            return;
        }
        WebhookEndpoint endpoint = EndpointCodec.decode(put.key(), put.value(), box);
        remember(endpoint);
        listener.accept(endpoint);
    }

    /**
     * Reads every endpoint of the store again, after its content was replaced by a snapshot from
     * another cluster node; the relay is told of each endpoint that changed or went away.
     */
    public void reload() {
        Map<Integer, Map<UInt128, WebhookEndpoint>> before = new java.util.HashMap<>();
        byLedger.forEach((ledger, endpoints) -> before.put(ledger, new java.util.HashMap<>(endpoints)));
        byLedger.clear();
        store.scan(ColumnFamily.WEBHOOK_ENDPOINTS, (key, value) -> remember(EndpointCodec.decode(key, value, box)));
        before.forEach((ledger, endpoints) -> endpoints.forEach((id, endpoint) -> {
            if (get(ledger, id) == null) {
                listener.accept(endpoint.withStatus(WebhookEndpoint.Status.DISABLED_MANUALLY));
            }
        }));
        byLedger.values().forEach(endpoints -> endpoints.values().forEach(listener));
    }

    /** How many records {@link #load} re-sealed. */
    public int resealed() {
        return resealed;
    }

    /**
     * Whether a stored endpoint record holds its secrets sealed; false for a record in plaintext
     * (written before sealing, and re-written sealed at the next start). For {@code settle verify}.
     */
    public static boolean recordIsSealed(byte[] value) {
        return EndpointCodec.isSealed(value);
    }

    /** The master key id a sealed endpoint record is under (for {@code settle verify}). */
    public static int recordKeyId(byte[] value) {
        return SecretBox.keyIdOf(EndpointCodec.sealedPart(value));
    }

    /** Called after every change (the relay starts and stops its lanes). */
    void onChange(Consumer<WebhookEndpoint> changed) {
        this.listener = changed;
    }

    /** A tenant's endpoints, oldest first. */
    public List<WebhookEndpoint> list(int ledger) {
        List<WebhookEndpoint> list = new ArrayList<>(byLedger.getOrDefault(ledger, Map.of()).values());
        list.sort(Comparator.comparingLong(WebhookEndpoint::createdMillis).thenComparing(WebhookEndpoint::id));
        return list;
    }

    /** Every ledger with at least one endpoint. */
    public List<Integer> ledgers() {
        return byLedger.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    public WebhookEndpoint get(int ledger, UInt128 id) {
        return byLedger.getOrDefault(ledger, Map.of()).get(id);
    }

    /** A new enabled endpoint with a new secret; it receives the events after this moment. */
    public synchronized WebhookEndpoint create(int ledger, String url, List<String> enabledEvents, String description,
            Function<WebhookEndpoint, DurableResponse> response) {
        if (byLedger.getOrDefault(ledger, Map.of()).size() >= WebhookEndpoint.ENDPOINTS_PER_TENANT_MAX) {
            throw new LimitReachedException();
        }
        UInt128 id = new UInt128(random.nextLong(), random.nextLong());
        WebhookEndpoint endpoint = new WebhookEndpoint(ledger, id, url, enabledEvents, description,
                clockMillis.getAsLong(), WebhookEndpoint.Status.ENABLED, WebhookSecret.generate(random), null, 0,
                StoredEvents.lastSequence(store, ledger) + 1, 0);
        persist(endpoint, response);
        return endpoint;
    }

    /**
     * Stores a changed endpoint (synced) and tells the relay. An endpoint enabled again receives
     * the events from now on, like a new one; those of its disabled time can be replayed by id.
     */
    public synchronized WebhookEndpoint update(WebhookEndpoint endpoint,
            Function<WebhookEndpoint, DurableResponse> response) {
        WebhookEndpoint before = get(endpoint.ledger(), endpoint.id());
        WebhookEndpoint changed = before != null && !before.enabled() && endpoint.enabled()
                ? endpoint.withFirstSequence(StoredEvents.lastSequence(store, endpoint.ledger()) + 1) : endpoint;
        persist(changed, response);
        return changed;
    }

    /** A new secret; the previous one keeps signing for {@code overlapMillis}. */
    public synchronized WebhookEndpoint rotateSecret(WebhookEndpoint endpoint, long overlapMillis,
            Function<WebhookEndpoint, DurableResponse> response) {
        WebhookEndpoint rotated = endpoint.withRotatedSecret(WebhookSecret.generate(random),
                clockMillis.getAsLong() + overlapMillis);
        persist(rotated, response);
        return rotated;
    }

    /**
     * Stores the answer of a request of tenant {@code ledger} that changed no endpoint (a replay),
     * for its idempotency key; durable when this returns.
     */
    public void recordAnswer(int ledger, DurableResponse response) {
        write(new PodCommand.RecordChange(ledger, List.of(), List.of()), response);
    }

    public synchronized void delete(WebhookEndpoint endpoint) {
        write(new PodCommand.RecordChange(endpoint.ledger(), List.of(PodCommand.Put.deletion(
                ColumnFamily.WEBHOOK_ENDPOINTS, EndpointCodec.key(endpoint.ledger(), endpoint.id()))), List.of()), null);
    }

    /** The relay's bookkeeping (failing since, disabled), written like any change. */
    synchronized WebhookEndpoint recordHealth(WebhookEndpoint changed) {
        WebhookEndpoint current = get(changed.ledger(), changed.id());
        if (current == null) {
            return null; // deleted meanwhile
        }
        if (!current.enabled()) {
            return current; // disabled meanwhile (by the API, or by another lane's report)
        }
        WebhookEndpoint merged = current.withFailingSince(changed.failingSinceMillis()).withStatus(changed.status());
        persist(merged, null);
        return merged;
    }

    /**
     * Writes the endpoint through its pod, with the answer {@code response} gives for it when
     * given, in one atomic write; this node's memory has it when this returns ({@link #recorded}).
     */
    private void persist(WebhookEndpoint endpoint, Function<WebhookEndpoint, DurableResponse> response) {
        PodCommand.Put record = new PodCommand.Put(ColumnFamily.WEBHOOK_ENDPOINTS,
                EndpointCodec.key(endpoint.ledger(), endpoint.id()), EndpointCodec.encode(endpoint, box));
        write(new PodCommand.RecordChange(endpoint.ledger(), List.of(record), List.of()),
                response == null ? null : response.apply(endpoint));
    }

    private void write(PodCommand.RecordChange change, DurableResponse answer) {
        Pods target = pods;
        if (target == null) {
            throw new IllegalStateException("webhook endpoints changed before writeThrough");
        }
        Futures.await(target.submit(change, answer));
    }

    /** Writes a record re-sealed at load straight to the store: before any pod runs, on this node only. */
    private void reseal(WebhookEndpoint endpoint) {
        WriteBatchRep rep = new WriteBatchRep();
        rep.put(endpointsFamily, EndpointCodec.key(endpoint.ledger(), endpoint.id()), EndpointCodec.encode(endpoint, box));
        store.write(rep.toBytes());
    }

    private void remember(WebhookEndpoint endpoint) {
        byLedger.computeIfAbsent(endpoint.ledger(), l -> new ConcurrentHashMap<>()).put(endpoint.id(), endpoint);
    }

    private WebhookEndpoint forget(int ledger, UInt128 id) {
        Map<UInt128, WebhookEndpoint> endpoints = byLedger.get(ledger);
        return endpoints == null ? null : endpoints.remove(id);
    }
}
