package dev.settle.bench.webhooks;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * What a receiver has seen: deliveries, distinct event ids, and when the first and the last
 * delivery arrived. Deliveries arrive on many threads at once; a lock (not {@code synchronized},
 * which would pin their virtual threads on JDK 21) guards the counts, and a condition wakes
 * whoever waits for a number of distinct events, so nobody polls.
 */
final class DeliveryTally {
    private static final long NO_WAITER = Long.MAX_VALUE;

    private final LongSupplier clockNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition distinctReached = lock.newCondition();
    private final EventIdSet ids = new EventIdSet();
    private long deliveries;
    private long rejected;
    private long firstDeliveryNanos;
    private long lastDeliveryNanos;
    /** The fewest distinct events a waiter needs; the count that triggers a wake-up. */
    private long distinctAwaitedMin = NO_WAITER;

    DeliveryTally(LongSupplier clockNanos) {
        this.clockNanos = clockNanos;
    }

    /** Counts one delivery of {@code webhookId}; false (and counted as rejected) when it is no event id. */
    boolean record(String webhookId) {
        long arrivedNanos = clockNanos.getAsLong();
        lock.lock();
        try {
            EventIdSet.Outcome outcome = ids.add(webhookId);
            if (outcome == EventIdSet.Outcome.INVALID) {
                rejected++;
                return false;
            }
            if (deliveries == 0 || arrivedNanos - firstDeliveryNanos < 0) {
                firstDeliveryNanos = arrivedNanos;
            }
            if (deliveries == 0 || arrivedNanos - lastDeliveryNanos > 0) {
                lastDeliveryNanos = arrivedNanos;
            }
            deliveries++;
            if (outcome == EventIdSet.Outcome.NEW && ids.size() >= distinctAwaitedMin) {
                distinctAwaitedMin = NO_WAITER;
                distinctReached.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code count} distinct events have arrived; false when {@code timeout} passed first. */
    boolean awaitDistinct(long count, Duration timeout) throws InterruptedException {
        long remainingNanos = timeout.toNanos();
        lock.lock();
        try {
            while (ids.size() < count) {
                if (remainingNanos <= 0) {
                    return false;
                }
                // Each waiter lowers the trigger to its count; a woken waiter still short raises it again here.
                distinctAwaitedMin = Math.min(distinctAwaitedMin, count);
                remainingNanos = distinctReached.awaitNanos(remainingNanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    long deliveries() {
        lock.lock();
        try {
            return deliveries;
        } finally {
            lock.unlock();
        }
    }

    long distinctEvents() {
        lock.lock();
        try {
            return ids.size();
        } finally {
            lock.unlock();
        }
    }

    long rejected() {
        lock.lock();
        try {
            return rejected;
        } finally {
            lock.unlock();
        }
    }

    OptionalLong firstDeliveryNanos() {
        lock.lock();
        try {
            return deliveries == 0 ? OptionalLong.empty() : OptionalLong.of(firstDeliveryNanos);
        } finally {
            lock.unlock();
        }
    }

    OptionalLong lastDeliveryNanos() {
        lock.lock();
        try {
            return deliveries == 0 ? OptionalLong.empty() : OptionalLong.of(lastDeliveryNanos);
        } finally {
            lock.unlock();
        }
    }
}
