package dev.settle.webhooks;

import dev.settle.ledger.Invariants;
import dev.settle.ledger.UInt128;
import java.util.ArrayList;
import java.util.List;

/**
 * One event's delivery to one endpoint.
 *
 * @param attemptCount every attempt ever made
 * @param roundAttempts attempts since it was last queued (a replay starts a new round): picks the retry delay
 * @param nextAttemptMillis when the next attempt is due; 0 when none is
 * @param attempts the latest attempts, newest first, at most {@link #ATTEMPTS_KEPT_MAX}
 */
public record Delivery(int ledger, UInt128 endpointId, long sequence, DeliveryStatus status, int attemptCount,
        int roundAttempts, long nextAttemptMillis, List<Attempt> attempts) {
    public static final int ATTEMPTS_KEPT_MAX = 10;

    /** One attempt: when, the answer's status (0: none), how long it took, what failed, the answer's start. */
    public record Attempt(long atMillis, int statusCode, long latencyMillis, String error, String responsePrefix) {}

    public Delivery {
        attempts = List.copyOf(attempts);
        Invariants.check(attempts.size() <= ATTEMPTS_KEPT_MAX, "attempts kept within bounds");
        Invariants.check((status == DeliveryStatus.PENDING) == (nextAttemptMillis > 0),
                "exactly pending deliveries are due");
    }

    /** A new delivery, due at {@code dueMillis}. */
    public static Delivery queued(int ledger, UInt128 endpointId, long sequence, long dueMillis) {
        return new Delivery(ledger, endpointId, sequence, DeliveryStatus.PENDING, 0, 0, dueMillis, List.of());
    }

    /** This delivery after {@code attempt}: done, due again at {@code nextMillis}, or failed for good (nextMillis 0). */
    public Delivery after(Attempt attempt, boolean succeeded, long nextMillis) {
        List<Attempt> kept = new ArrayList<>(ATTEMPTS_KEPT_MAX);
        kept.add(attempt);
        for (int i = 0; i < attempts.size() && kept.size() < ATTEMPTS_KEPT_MAX; i++) {
            kept.add(attempts.get(i));
        }
        DeliveryStatus next = succeeded ? DeliveryStatus.SUCCEEDED
                : nextMillis > 0 ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
        return new Delivery(ledger, endpointId, sequence, next, attemptCount + 1, roundAttempts + 1,
                next == DeliveryStatus.PENDING ? nextMillis : 0, kept);
    }

    /** Queued again by a replay: a new round of retries, due at {@code dueMillis}. */
    public Delivery requeued(long dueMillis) {
        return new Delivery(ledger, endpointId, sequence, DeliveryStatus.PENDING, attemptCount, 0, dueMillis, attempts);
    }

    /** A pending delivery abandoned; any other left as it is. */
    public Delivery abandonedIfPending() {
        return status == DeliveryStatus.PENDING ? abandoned() : this;
    }

    /** A dead letter without a further attempt (its endpoint was disabled). */
    public Delivery abandoned() {
        return new Delivery(ledger, endpointId, sequence, DeliveryStatus.FAILED, attemptCount, roundAttempts, 0,
                attempts);
    }
}
