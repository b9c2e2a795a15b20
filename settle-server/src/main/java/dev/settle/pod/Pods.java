package dev.settle.pod;

import dev.settle.store.LedgerStore;
import dev.settle.tracing.RequestTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The pods of one process, Shopify-style: every tenant's ledger lives in exactly one pod, which
 * has its own writer, committer and queue bound, so a pod that is slow or full answers 503 for
 * its own tenants while the others go on. All pods share one RocksDB (one WAL); a ledger's keys
 * carry its number, so moving a tenant moves no data (docs/decisions/0005).
 *
 * <p>Where a ledger lives is decided by the caller (the tenant registry stores it) and handed in;
 * this class only routes. A move takes the ledger out of its pod (after what was queued for it is
 * durable), lets the caller store the new assignment, then recovers the ledger in the target pod.
 * Submissions that reach the old pod meanwhile fail unapplied ({@link LedgerMovedException}) and
 * are sent again once the move is done, so none is lost or applied twice.
 */
public final class Pods implements AutoCloseable {
    public static final int PODS_MAX = 64;
    /** How long a request waits for its tenant's move to end before it gives up (503). */
    public static final long MOVE_WAIT_MILLIS_MAX = 30_000;
    /** Sends of one submission after its ledger moved; more means moves faster than requests. */
    private static final int RESUBMITS_MAX = 3;

    private final Pod[] pods;
    private final Map<Integer, Home> homes = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** Where a ledger lives; {@code moved} is set while it moves and completes when it has. */
    private record Home(int pod, CompletableFuture<Void> moved) {
        boolean moving() {
            return moved != null;
        }
    }

    private Pods(Pod[] pods) {
        this.pods = pods;
    }

    /**
     * Recovers and starts {@code count} pods ({@code pod-0} …) with their ledgers.
     *
     * @param podOfLedger the pod of every ledger; each must be below {@code count}
     * @param waitClockNanos the monotonic clock that times queue delays (see {@link Pod#queueDelayNanos})
     */
    public static Pods start(LedgerStore store, int count, Map<Integer, Integer> podOfLedger, PodConfig config,
            LedgerClock clock, LongSupplier waitClockNanos) {
        List<List<Integer>> ledgersOfPod = ledgersByPod(count, podOfLedger);
        return of(count, podOfLedger, i -> Pod.start("pod-" + i, store, ledgersOfPod.get(i), config, clock,
                waitClockNanos));
    }

    /**
     * The fleet of {@code count} pods that {@code start} starts ({@code start.apply(i)} is pod i,
     * holding the ledgers {@link #ledgersByPod} gives it); closes those started when one fails.
     */
    public static Pods of(int count, Map<Integer, Integer> podOfLedger, java.util.function.IntFunction<Pod> start) {
        Pod[] started = new Pod[count];
        try {
            for (int i = 0; i < count; i++) {
                started[i] = start.apply(i);
            }
        } catch (RuntimeException | Error e) {
            closeAll(started);
            throw e;
        }
        Pods fleet = new Pods(started);
        podOfLedger.forEach((ledger, pod) -> fleet.homes.put(ledger, new Home(pod, null)));
        return fleet;
    }

    /** Each pod's ledgers, in order, from every ledger's pod; each pod must be below {@code count}. */
    public static List<List<Integer>> ledgersByPod(int count, Map<Integer, Integer> podOfLedger) {
        if (count < 1 || count > PODS_MAX) {
            throw new IllegalArgumentException("pods must be 1.." + PODS_MAX + ", got " + count);
        }
        List<List<Integer>> ledgersOfPod = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ledgersOfPod.add(new ArrayList<>());
        }
        podOfLedger.forEach((ledger, pod) -> {
            if (pod < 0 || pod >= count) {
                throw new IllegalArgumentException("ledger " + ledger + " is assigned to pod " + pod + " of " + count);
            }
            ledgersOfPod.get(pod).add(ledger);
        });
        ledgersOfPod.forEach(ledgers -> ledgers.sort(null));
        return ledgersOfPod;
    }

    public int count() {
        return pods.length;
    }

    public Pod pod(int index) {
        return pods[index];
    }

    public List<Pod> all() {
        return List.of(pods);
    }

    /** What the pods loaded at start, summed (the pods recover one after another). */
    public PodRecovery recovery() {
        int ledgers = 0;
        long accounts = 0;
        long pendings = 0;
        long millis = 0;
        for (Pod pod : pods) {
            PodRecovery r = pod.recovery();
            ledgers += r.ledgers();
            accounts += r.accounts();
            pendings += r.openPendingTransfers();
            millis += r.millis();
        }
        return new PodRecovery(ledgers, accounts, pendings, millis);
    }

    /** The index of the ledger's pod (its target while it moves). */
    public int podIndexOf(int ledger) {
        return home(ledger).pod();
    }

    /** The ledger's pod, waiting (boundedly) while the ledger moves. */
    public Pod podOf(int ledger) {
        return Futures.await(podFuture(ledger));
    }

    /**
     * Submits a command to its ledger's pod; {@code response} (may be null) is stored with its
     * effect. If the ledger moved away before the pod applied it, it was not applied and is sent
     * again to the new pod.
     */
    public <R> CompletableFuture<R> submit(PodCommand<R> command, DurableResponse response) {
        return submit(command, response, RESUBMITS_MAX, RequestTrace.current());
    }

    /** {@code trace}: the request's, carried to the threads that resubmit for it (null: untraced). */
    private <R> CompletableFuture<R> submit(PodCommand<R> command, DurableResponse response, int resubmitsLeft,
            RequestTrace trace) {
        // Never block here: a resubmission runs on the thread that failed or finished the move.
        int ledger = command.ledger();
        Home home = home(ledger);
        CompletableFuture<R> sent = home.moving()
                ? podFuture(ledger).thenCompose(pod -> RequestTrace.callWithin(trace, () -> pod.submit(command, response)))
                : pods[home.pod()].submit(command, response);
        return sent.exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (cause instanceof LedgerMovedException && resubmitsLeft > 0) {
                return RequestTrace.callWithin(trace, () -> submit(command, response, resubmitsLeft - 1, trace));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** The durable accounts of a ledger (waiting while it moves), or null when no pod has it. */
    public AccountReadModel accounts(int ledger) {
        return homes.containsKey(ledger) ? podOf(ledger).accounts(ledger) : null;
    }

    /** Adds a new ledger to a pod; commands for it may follow once this completes. */
    public CompletableFuture<Void> addLedger(int ledger, int pod) {
        if (homes.putIfAbsent(ledger, new Home(pod, null)) != null) {
            throw new IllegalStateException("ledger " + ledger + " is already placed");
        }
        return pods[pod].addLedger(ledger);
    }

    /**
     * Records where a ledger that a {@link PodCommand.CreateLedger} installed lives (on the node
     * that created it, or on any member that applied the creation); placing it again changes nothing.
     */
    public void place(int ledger, int pod) {
        homes.putIfAbsent(ledger, new Home(pod, null));
    }

    /**
     * Sets what every pod tells, once durable, of the records put outside its engines (tenants,
     * keys), on the thread that publishes; it must be quick.
     */
    public void onRecorded(java.util.function.BiConsumer<Integer, PodCommand.Put> listener) {
        for (int i = 0; i < pods.length; i++) {
            int pod = i;
            pods[i].onRecorded(put -> listener.accept(pod, put));
        }
    }

    /** The pod with the fewest ledgers (the lowest index among equals), for a new tenant. */
    public int leastLoaded() {
        int best = 0;
        for (int i = 1; i < pods.length; i++) {
            if (pods[i].ledgerCount() < pods[best].ledgerCount()) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Moves a ledger to pod {@code target} while the pods run: takes it out of its pod once what
     * was queued for it is durable, lets {@code storeAssignment} record the target durably, then
     * recovers it in the target. Requests for it wait meanwhile. One move at a time.
     *
     * @return false when the ledger is already in {@code target}
     */
    public synchronized boolean move(int ledger, int target, IntConsumer storeAssignment) {
        Home from = home(ledger);
        if (target < 0 || target >= pods.length) {
            throw new IllegalArgumentException("pod must be 0.." + (pods.length - 1) + ", got " + target);
        }
        if (from.pod() == target) {
            return false;
        }
        CompletableFuture<Void> moved = new CompletableFuture<>();
        homes.put(ledger, new Home(from.pod(), moved));
        int settled = from.pod();
        try {
            Futures.await(pods[from.pod()].removeLedger(ledger));
            try {
                storeAssignment.accept(target);
                Futures.await(pods[target].addLedger(ledger));
                settled = target;
            } catch (RuntimeException e) {
                // The assignment may or may not be stored; the ledger goes back where it was in
                // memory, and a restart reads whichever is stored: both pods recover the same data.
                Futures.await(pods[from.pod()].addLedger(ledger));
                throw e;
            }
        } finally {
            homes.put(ledger, new Home(settled, null));
            moved.complete(null);
        }
        return true;
    }

    /** False once closing began: requests then answer 503 instead of reaching closed pods. */
    public boolean isOpen() {
        return !closing;
    }

    /** True while every pod takes submissions. */
    public boolean isAvailable() {
        for (Pod pod : pods) {
            if (!pod.isAvailable()) {
                return false;
            }
        }
        return true;
    }

    /** The first pod failure, or null. */
    public Throwable failure() {
        for (Pod pod : pods) {
            if (pod.failure() != null) {
                return pod.failure();
            }
        }
        return null;
    }

    private Home home(int ledger) {
        Home home = homes.get(ledger);
        if (home == null) {
            throw new IllegalArgumentException("no pod holds ledger " + ledger);
        }
        return home;
    }

    private CompletableFuture<Pod> podFuture(int ledger) {
        Home home = home(ledger);
        if (!home.moving()) {
            return CompletableFuture.completedFuture(pods[home.pod()]);
        }
        return home.moved().copy().orTimeout(MOVE_WAIT_MILLIS_MAX, TimeUnit.MILLISECONDS)
                .handle((done, failure) -> {
                    if (failure != null) {
                        throw new PodUnavailableException("the tenant is moving between pods; retry shortly");
                    }
                    return pods[home(ledger).pod()];
                });
    }

    /** Closes every pod: each flushes what it has queued. */
    @Override
    public void close() {
        closing = true;
        closeAll(pods);
    }

    private static void closeAll(Pod[] pods) {
        for (Pod pod : pods) {
            if (pod != null) {
                pod.close();
            }
        }
    }

    /** Sets what runs after each durable batch of any pod, on its committer thread; it must not block. */
    public void onDurable(Runnable listener) {
        for (Pod pod : all()) {
            pod.onDurable(listener);
        }
    }
}
