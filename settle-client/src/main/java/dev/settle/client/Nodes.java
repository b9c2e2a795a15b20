package dev.settle.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The nodes a client sends to, and which one each attempt goes to. Thread-safe without locks:
 * the calls of every thread share one rotation counter and one array of suspicion deadlines.
 *
 * <p>Calls start round-robin, from a random node per client: one client spreads its calls evenly
 * over the cluster (a random pick per call would not, over short runs), and many clients started
 * together do not all begin on the first node. A retry goes to the next node after the one that
 * failed. Both pass over suspect nodes: those that gave no answer, or said they cannot reach a
 * majority, within the last {@link ClientConfig#NODE_SUSPECT_DURATION}. When every node is
 * suspect the plain rotation is used: some node must be tried, and suspicion is only a guess.
 *
 * <p>Races are harmless: two threads may mark the same node, or both try it again as its
 * suspicion ends; each costs at most one failed attempt, which is retried elsewhere.
 */
final class Nodes {
    private final List<URI> uris;
    private final long suspectNanos;
    private final LongSupplier nanoClock;
    private final AtomicInteger rotation;
    /** Per node, the {@link System#nanoTime()} at which its suspicion ends; in the past when none. */
    private final AtomicLongArray suspectUntilNanos;

    Nodes(List<URI> uris, Duration suspectDuration, LongSupplier nanoClock, RandomGenerator random) {
        if (uris.isEmpty() || uris.size() > ClientConfig.BASE_URIS_MAX) {
            throw new IllegalArgumentException("1.." + ClientConfig.BASE_URIS_MAX + " nodes, got " + uris.size());
        }
        this.uris = List.copyOf(uris);
        this.suspectNanos = suspectDuration.toNanos();
        this.nanoClock = nanoClock;
        this.rotation = new AtomicInteger(Math.floorMod(random.nextLong(), uris.size()));
        this.suspectUntilNanos = new AtomicLongArray(uris.size());
        long now = nanoClock.getAsLong();
        for (int node = 0; node < uris.size(); node++) {
            // nanoTime() may be negative: "not suspect" is a deadline already passed, never 0.
            suspectUntilNanos.set(node, now);
        }
    }

    int count() {
        return uris.size();
    }

    URI uri(int node) {
        return uris.get(node);
    }

    /** The node a new call starts on: the next in the rotation that is not suspect. */
    int first() {
        return firstTrusted(Math.floorMod(rotation.getAndIncrement(), uris.size()));
    }

    /** The node a retry goes to after a failure on {@code node}: the next one that is not suspect. */
    int after(int node) {
        return firstTrusted((node + 1) % uris.size());
    }

    /** Passes {@code node} over for the suspicion's duration, from now. */
    void suspect(int node) {
        suspectUntilNanos.set(node, nanoClock.getAsLong() + suspectNanos);
    }

    boolean isSuspect(int node) {
        // A difference, not a comparison: nanoTime() values may wrap.
        return suspectUntilNanos.get(node) - nanoClock.getAsLong() > 0;
    }

    /** From {@code start} on, the first node not suspect; {@code start} itself when all are. */
    private int firstTrusted(int start) {
        for (int step = 0; step < uris.size(); step++) {
            int node = (start + step) % uris.size();
            if (!isSuspect(node)) {
                return node;
            }
        }
        return start;
    }
}
