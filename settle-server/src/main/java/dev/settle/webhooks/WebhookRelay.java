package dev.settle.webhooks;

import dev.settle.events.Event;
import dev.settle.events.EventRetention;
import dev.settle.events.EventType;
import dev.settle.events.StoredEvents;
import dev.settle.ledger.UInt128;
import dev.settle.pod.PodCommand;
import dev.settle.pod.StoreWrites;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.tracing.DeliveryTracing;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to webhook endpoints, at least once. A fan-out thread reads each ledger's new
 * durable events after its cursor and queues one delivery per subscribed endpoint, moving the
 * cursor in the same write; each endpoint's {@link EndpointLane} then works its queue. An
 * attempt stays queued until its outcome is recorded, so a crash at any point repeats an attempt
 * (same {@code webhook-id}) and never skips one.
 */
public final class WebhookRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRelay.class);
    /** Events fanned out per ledger per round, so one busy ledger cannot starve the others. */
    static final int FANOUT_EVENTS_MAX = 1_024;
    /**
     * Deliveries the fan-out queues ahead of a tenant's fastest endpoint: beyond this it waits, so
     * that under load it does not spend the ledger's CPU and write bandwidth queueing deliveries
     * no endpoint can take yet (the events wait, durable, in the event log).
     */
    static final int FANOUT_AHEAD_MAX = 4_096;
    /** How long the fan-out waits when every subscribed endpoint is that far behind. */
    private static final long FANOUT_AHEAD_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long the fan-out sleeps when no pod has signalled a durable batch. */
    private static final long FANOUT_IDLE_WAIT_MILLIS = 250;
    /** How long closing waits for the fan-out and for attempts to leave the store. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final LedgerStore store;
    private final StoreWrites writes;
    private final DeliveryStore deliveries;
    private final WebhookEndpoints endpoints;
    private final WebhookConfig config;
    private final EventPayloads payloads;
    private final DeliverySender sender;
    private final LongSupplier clockMillis;
    private final DeliveryTracing tracing;
    private final SplittableRandom random = new SplittableRandom();
    private final Map<UInt128, EndpointLane> lanes = new ConcurrentHashMap<>();
    private final RelayStats stats = new RelayStats();
    private final Map<Integer, Long> cursors = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    /** Held (shared) by each attempt while it may use the store; closing takes it exclusively, for good. */
    private final ReentrantReadWriteLock storeUse = new ReentrantReadWriteLock();
    private final Thread fanOut;
    /**
     * Endpoint changes and leadership, in order, off the thread that reports them (a pod's
     * publishing thread, Ratis' election threads): handling them may write through a pod.
     */
    private final java.util.concurrent.ExecutorService changes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "webhook-relay-changes");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;
    /** True while this relay delivers: always on a single node, while this node leads the pod on a cluster. */
    private volatile boolean active;

    /**
     * @param writes where the deliveries' bookkeeping is written (the store, or the pods of a cluster)
     * @param tracing what each attempt sends as {@code traceparent}, and its span
     */
    public WebhookRelay(LedgerStore store, StoreWrites writes, WebhookEndpoints endpoints, WebhookConfig config,
            EventPayloads payloads, LongSupplier clockMillis, DeliveryTracing tracing) {
        this.store = store;
        this.writes = writes;
        this.deliveries = new DeliveryStore(store, writes);
        this.endpoints = endpoints;
        this.config = config;
        this.payloads = payloads;
        this.clockMillis = clockMillis;
        this.tracing = tracing;
        this.sender = new DeliverySender(config.connectTimeout(), config.readTimeout(),
                new TargetPolicy(config.allowPrivateTargets(), AddressResolver.SYSTEM));
        this.fanOut = new Thread(this::runFanOut, "webhook-fan-out");
        this.fanOut.setDaemon(true);
    }

    /** Starts delivering (a single node: the relay always runs). */
    public void start() {
        startStandby();
        lead(true);
    }

    /**
     * Starts without delivering (a cluster node): {@link #lead} starts and stops the deliveries as
     * this node gains and loses the pod's leadership.
     */
    public void startStandby() {
        endpoints.onChange(endpoint -> {
            try {
                changes.execute(() -> endpointChanged(endpoint));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // Closed: no lane to start or stop.
            }
        });
        fanOut.start();
    }

    /**
     * Delivers, or stops delivering, from now on; returns at once (the change runs on the relay's
     * own thread). A relay that starts delivering reads the fan-out cursors and every endpoint's
     * queue from the store, where the previous leader's relay left them: it continues, at least
     * once, with the same event ids.
     */
    public void lead(boolean leading) {
        try {
            changes.execute(() -> {
                if (leading) {
                    activate();
                } else {
                    deactivate();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // The relay is closed: it delivers nothing any more either way.
        }
    }

    private synchronized void activate() {
        if (active || !running) {
            return;
        }
        cursors.clear();
        for (int ledger : endpoints.ledgers()) {
            for (WebhookEndpoint endpoint : endpoints.list(ledger)) {
                if (endpoint.enabled()) {
                    startLane(endpoint);
                }
            }
        }
        active = true;
        signal();
        LOG.info("webhook relay delivering ({} endpoints)", lanes.size());
    }

    private synchronized void deactivate() {
        if (!active) {
            return;
        }
        active = false;
        lanes.values().forEach(EndpointLane::stop);
        lanes.clear();
        LOG.info("webhook relay standing by: another node leads the pod");
    }

    /** True while this relay delivers. */
    public boolean isActive() {
        return active;
    }

    /** New durable events may be there (called by the pods after each batch). */
    public void signal() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** The deliveries of one event, one per endpoint that has one. */
    public List<Delivery> deliveriesOf(int ledger, long sequence) {
        List<Delivery> found = new ArrayList<>();
        for (WebhookEndpoint endpoint : endpoints.list(ledger)) {
            Delivery d = deliveries.get(ledger, endpoint.id(), sequence);
            if (d != null) {
                found.add(d);
            }
        }
        return found;
    }

    /** The endpoint's dead letters below {@code before}, newest first. */
    public List<Delivery> deadLetters(WebhookEndpoint endpoint, long before, int limit) {
        List<Delivery> found = new ArrayList<>();
        for (long sequence : deliveries.deadLetters(endpoint.ledger(), endpoint.id(), before, limit, s -> true)) {
            Delivery d = deliveries.get(endpoint.ledger(), endpoint.id(), sequence);
            if (d != null) {
                found.add(d);
            }
        }
        return found;
    }

    /**
     * Queues the given events again for the endpoint, durably (the caller acknowledges the replay
     * only after this returns); returns how many were queued.
     */
    public int replay(WebhookEndpoint endpoint, List<Long> sequences) {
        long now = clockMillis.getAsLong();
        List<Long> queued = deliveries.requeue(endpoint.ledger(), endpoint.id(), sequences, now);
        EndpointLane lane = lanes.get(endpoint.id());
        if (lane != null) {
            for (long sequence : queued) {
                lane.queue().add(new DeliveryStore.Due(sequence, now));
            }
        }
        signalLane(endpoint.id());
        return queued.size();
    }

    /** Queues again the endpoint's dead letters of events created in [fromNanos, toNanos); at most {@code max}. */
    public int replayDeadLetters(WebhookEndpoint endpoint, long fromNanos, long toNanos, int max) {
        List<Long> sequences = deliveries.deadLetters(endpoint.ledger(), endpoint.id(), Long.MAX_VALUE, max, s -> {
            Event e = StoredEvents.find(store, endpoint.ledger(), s);
            return e != null && Long.compareUnsigned(e.createdNanos(), fromNanos) >= 0
                    && Long.compareUnsigned(e.createdNanos(), toNanos) < 0;
        });
        return replay(endpoint, sequences);
    }

    /**
     * Deletes the ledger's events older than the retention period, and their deliveries; keeps
     * what the fan-out has not reached yet.
     */
    public void sweepRetention(int ledger) {
        long cutoffNanos = Math.max(0, clockMillis.getAsLong() - config.eventRetention().toMillis()) * 1_000_000L;
        boolean subscribed = endpoints.list(ledger).stream().anyMatch(WebhookEndpoint::enabled);
        long fannedOutThrough = subscribed ? deliveries.cursor(ledger) : Long.MAX_VALUE;
        long firstKept = EventRetention.firstKept(store, ledger, cutoffNanos, fannedOutThrough);
        if (firstKept > 1) {
            writes.write(ledger, List.of(PodCommand.StoreOp.deleteRange(ColumnFamily.EVENTS,
                    StoreLayout.sequenceKey(ledger, 0), StoreLayout.sequenceKey(ledger, firstKept))), false);
        }
        for (WebhookEndpoint endpoint : endpoints.list(ledger)) {
            deliveries.deleteBefore(ledger, endpoint.id(), firstKept);
        }
    }

    /** Attempt counts by outcome. */
    public RelayStats stats() {
        return stats;
    }

    /** Deliveries queued in the lanes' memory (at most {@link DueQueue#ENTRIES_MAX} per endpoint). */
    public long queuedDeliveries() {
        long total = 0;
        for (EndpointLane lane : lanes.values()) {
            total += lane.queue().size();
        }
        return total;
    }

    /** How long the most overdue queued delivery has been due (0 when none is): the relay's lag. */
    public long lagMillis(long nowMillis) {
        long earliest = Long.MAX_VALUE;
        for (EndpointLane lane : lanes.values()) {
            earliest = Math.min(earliest, lane.queue().earliestDueMillis());
        }
        return earliest == Long.MAX_VALUE ? 0 : Math.max(0, nowMillis - earliest);
    }

    /** Endpoints whose circuit breaker is open or half open (being probed). */
    public int breakersOpen() {
        int open = 0;
        for (EndpointLane lane : lanes.values()) {
            if (lane.breakerState() != io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED) {
                open++;
            }
        }
        return open;
    }

    /** The circuit breaker of an endpoint's lane ({@code closed}, {@code open}, …); null without a lane. */
    public String breakerState(UInt128 endpointId) {
        EndpointLane lane = lanes.get(endpointId);
        return lane == null ? null : lane.breakerState().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void runFanOut() {
        while (running) {
            boolean worked = false;
            boolean ahead = false;
            try {
                for (int ledger : active ? endpoints.ledgers() : List.<Integer>of()) {
                    if (everyLaneAhead(ledger)) {
                        ahead = true;
                    } else {
                        worked |= fanOut(ledger);
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("webhook fan-out failed; retrying", e);
            }
            if (ahead && !worked) {
                java.util.concurrent.locks.LockSupport.parkNanos(FANOUT_AHEAD_WAIT_NANOS);
            } else if (!worked) {
                try {
                    wake.tryAcquire(FANOUT_IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** True when every enabled endpoint of the ledger has {@link #FANOUT_AHEAD_MAX} deliveries queued in memory. */
    private boolean everyLaneAhead(int ledger) {
        boolean any = false;
        for (WebhookEndpoint endpoint : endpoints.list(ledger)) {
            EndpointLane lane = endpoint.enabled() ? lanes.get(endpoint.id()) : null;
            if (lane != null) {
                if (lane.queue().size() < FANOUT_AHEAD_MAX) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Queues the deliveries of up to {@link #FANOUT_EVENTS_MAX} new events of a ledger; true when there were any. */
    private boolean fanOut(int ledger) {
        List<WebhookEndpoint> subscribed = new ArrayList<>();
        List<Set<EventType>> types = new ArrayList<>();
        long firstWanted = Long.MAX_VALUE;
        for (WebhookEndpoint endpoint : endpoints.list(ledger)) {
            if (endpoint.enabled()) {
                subscribed.add(endpoint);
                types.add(endpoint.types());
                firstWanted = Math.min(firstWanted, endpoint.firstSequence());
            }
        }
        if (subscribed.isEmpty()) {
            return false;
        }
        long cursor = Math.max(cursors.computeIfAbsent(ledger, deliveries::cursor), firstWanted - 1);
        List<Event> events = StoredEvents.after(store, ledger, cursor, FANOUT_EVENTS_MAX, e -> true);
        if (events.isEmpty()) {
            return false;
        }
        long now = clockMillis.getAsLong();
        List<Delivery> queued = new ArrayList<>();
        boolean[] touched = new boolean[subscribed.size()];
        for (Event event : events) {
            for (int k = 0; k < subscribed.size(); k++) {
                WebhookEndpoint endpoint = subscribed.get(k);
                if (event.sequence() >= endpoint.firstSequence() && types.get(k).contains(event.type())) {
                    queued.add(Delivery.queued(ledger, endpoint.id(), event.sequence(), now));
                    touched[k] = true;
                }
            }
        }
        long last = events.get(events.size() - 1).sequence();
        deliveries.fanOut(ledger, last, queued);
        cursors.put(ledger, last);
        for (Delivery d : queued) {
            EndpointLane lane = lanes.get(d.endpointId());
            if (lane != null) {
                lane.queue().add(new DeliveryStore.Due(d.sequence(), d.nextAttemptMillis()));
            }
        }
        for (int k = 0; k < subscribed.size(); k++) {
            if (touched[k]) {
                signalLane(subscribed.get(k).id());
            }
        }
        return true;
    }

    private synchronized void endpointChanged(WebhookEndpoint endpoint) {
        if (!active) {
            return; // the delivering node's relay starts, stops and cleans up the lanes
        }
        WebhookEndpoint current = endpoints.get(endpoint.ledger(), endpoint.id());
        if (current != null && current.enabled()) {
            EndpointLane lane = lanes.get(current.id());
            if (lane == null || !lane.isAlive()) {
                // A lane ends by itself when it sees its endpoint disabled; enabled again, it needs a new one.
                startLane(current);
            }
            signal();
            return;
        }
        EndpointLane lane = lanes.remove(endpoint.id());
        if (lane != null) {
            lane.stop();
        }
        if (current == null) {
            deliveries.deleteEndpoint(endpoint.ledger(), endpoint.id());
        } else {
            int abandoned = deliveries.abandonQueue(current.ledger(), current.id());
            LOG.info("webhook endpoint {} disabled ({}); {} queued deliveries moved to its dead letters",
                    WebhookIds.format(current.id()), current.status().reason(), abandoned);
        }
    }

    private void startLane(WebhookEndpoint endpoint) {
        EndpointLane lane = new EndpointLane(endpoint.ledger(), endpoint.id(), config, new LaneAttempts());
        lanes.put(endpoint.id(), lane); // first: from now on the fan-out adds its entries to the lane
        lane.queue().load();
        lane.start();
    }

    private void signalLane(UInt128 endpointId) {
        EndpointLane lane = lanes.get(endpointId);
        if (lane != null) {
            lane.signal();
        }
    }

    /** One attempt: render, sign, send, record, and report the endpoint's health. */
    private final class LaneAttempts implements EndpointLane.Attempts {
        @Override
        public List<DeliveryStore.Due> queued(EndpointLane lane, int n) {
            return deliveries.queued(lane.ledger, lane.endpointId, n);
        }

        @Override
        public long nowMillis() {
            return clockMillis.getAsLong();
        }

        @Override
        public boolean stillEnabled(EndpointLane lane) {
            WebhookEndpoint endpoint = endpoints.get(lane.ledger, lane.endpointId);
            return endpoint != null && endpoint.enabled();
        }

        @Override
        public boolean attempt(EndpointLane lane, DeliveryStore.Due due) {
            if (!storeUse.readLock().tryLock()) {
                return false; // closing
            }
            try {
                return running && attemptOpen(lane, due);
            } finally {
                storeUse.readLock().unlock();
            }
        }

        /** One attempt while the relay runs; an attempt cut by a shutdown stays queued and runs again after. */
        private boolean attemptOpen(EndpointLane lane, DeliveryStore.Due due) {
            WebhookEndpoint endpoint = endpoints.get(lane.ledger, lane.endpointId);
            Delivery delivery = deliveries.get(lane.ledger, lane.endpointId, due.sequence());
            if (endpoint == null || delivery == null || delivery.status() != DeliveryStatus.PENDING) {
                record(lane, stale(lane, due, delivery), due);
                return true;
            }
            Event event = StoredEvents.find(store, lane.ledger, due.sequence());
            long now = clockMillis.getAsLong();
            DeliveryOutcome outcome = event == null ? DeliveryOutcome.failure(0, EVENT_GONE)
                    : send(endpoint, event, delivery.attemptCount() + 1, now);
            if (!running || endpoints.get(lane.ledger, lane.endpointId) == null) {
                return outcome.succeeded(); // shutting down, or the endpoint was deleted meanwhile: record nothing
            }
            boolean accepted = outcome.succeeded();
            long next = accepted || outcome.gone() || event == null ? 0 : nextAttemptMillis(delivery, outcome, now);
            WebhookEndpoint after = reportHealth(endpoint, outcome, now);
            if (!accepted && !after.enabled()) {
                next = 0; // disabled: a dead letter now, not a retry
            }
            Delivery.Attempt attempt = new Delivery.Attempt(now, outcome.statusCode(), outcome.latencyMillis(),
                    outcome.error(), outcome.responsePrefix());
            Delivery updated = delivery.after(attempt, accepted, next);
            record(lane, updated, due);
            stats.recordAttempt(updated, outcome.latencyMillis());
            return accepted;
        }

        /** Stores the delivery as it now is and moves its entry in the lane's queue. */
        private void record(EndpointLane lane, Delivery updated, DeliveryStore.Due done) {
            deliveries.recordAttempt(updated, done.dueMillis());
            lane.queue().replace(done, updated.status() == DeliveryStatus.PENDING
                    ? new DeliveryStore.Due(updated.sequence(), updated.nextAttemptMillis()) : null);
        }

        /** Sends attempt number {@code attempt} (from 1) of the event, in the trace of the request that caused it. */
        private DeliveryOutcome send(WebhookEndpoint endpoint, Event event, int attempt, long nowMillis) {
            byte[] body = payloads.render(event);
            long timestampSeconds = nowMillis / 1000;
            String signature = WebhookSignature.sign(event.id(), timestampSeconds, body,
                    endpoint.signingSecrets(nowMillis));
            URI target = URI.create(endpoint.url());
            DeliveryTracing.Attempt traced = tracing.begin(event.trace(), event.id(), event.type().typeName(), attempt,
                    target);
            DeliveryOutcome outcome = sender.send(target, event.id(), timestampSeconds, body, signature,
                    traced.traceparent());
            traced.end(outcome.statusCode(), outcome.error());
            return outcome;
        }

        /** A queue entry whose delivery is gone or done: kept as it is, the entry dropped. */
        private Delivery stale(EndpointLane lane, DeliveryStore.Due due, Delivery delivery) {
            return delivery != null ? delivery.abandonedIfPending()
                    : Delivery.queued(lane.ledger, lane.endpointId, due.sequence(), 1).abandoned();
        }
    }

    private static final String EVENT_GONE = "event no longer stored (retention)";

    /** When to try again: the schedule's delay, or longer if the endpoint asked so; 0 when retries are exhausted. */
    private long nextAttemptMillis(Delivery delivery, DeliveryOutcome outcome, long nowMillis) {
        OptionalLong delay;
        synchronized (random) {
            delay = config.retrySchedule().delayMillisAfter(delivery.roundAttempts() + 1, random);
        }
        if (delay.isEmpty()) {
            return 0;
        }
        long wait = delay.getAsLong();
        if (outcome.retryAfter() != null) {
            wait = Math.max(wait, RetrySchedule.parseRetryAfterMillis(outcome.retryAfter(), nowMillis).orElse(0));
        }
        return nowMillis + Math.max(1, wait);
    }

    /**
     * Updates the endpoint's health after an attempt: a success ends a failing run; a failure
     * starts one, or disables the endpoint once the run has lasted {@code disableAfter}; a 410
     * disables it at once. Returns the endpoint as it now is.
     */
    private synchronized WebhookEndpoint reportHealth(WebhookEndpoint seen, DeliveryOutcome outcome, long nowMillis) {
        WebhookEndpoint endpoint = endpoints.get(seen.ledger(), seen.id());
        if (endpoint == null || !endpoint.enabled()) {
            return endpoint == null ? seen.withStatus(WebhookEndpoint.Status.DISABLED_MANUALLY) : endpoint;
        }
        WebhookEndpoint changed;
        if (outcome.gone()) {
            changed = endpoint.withStatus(WebhookEndpoint.Status.DISABLED_GONE);
        } else if (outcome.succeeded()) {
            changed = endpoint.failingSinceMillis() == 0 ? null : endpoint.withFailingSince(0);
        } else if (endpoint.failingSinceMillis() == 0) {
            changed = endpoint.withFailingSince(nowMillis);
        } else if (nowMillis - endpoint.failingSinceMillis() >= config.disableAfter().toMillis()) {
            changed = endpoint.withStatus(WebhookEndpoint.Status.DISABLED_FAILING);
        } else {
            changed = null;
        }
        if (changed == null) {
            return endpoint;
        }
        WebhookEndpoint recorded = endpoints.recordHealth(changed);
        return recorded == null ? changed : recorded;
    }

    @Override
    public void close() {
        running = false;
        changes.shutdown();
        wake.release();
        lanes.values().forEach(EndpointLane::stop);
        sender.close(); // attempts in flight end at once, with an error they do not record
        try {
            fanOut.join(CLOSE_WAIT_MILLIS);
            // The store must outlive every attempt's last access: wait for them, and admit no new one.
            if (!storeUse.writeLock().tryLock(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("webhook attempts still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
