package dev.settle.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A read-write gate for the store's database: every call passes it as a reader, a swap or the
 * close holds it exclusively. A {@code ReentrantReadWriteLock} would do, but all its readers
 * update one shared word: two threads calling the store at once then pass a cache line back and
 * forth, which cost ~0.6 µs on a ~0.9 µs point read (docs/benchmarks.md). Here a reader counts
 * itself in one of {@value #SLOTS} padded slots chosen by its thread id, so threads rarely share
 * a line, and the exclusive side pays instead: it raises {@link #swapping}, then waits until every
 * slot is zero.
 *
 * <p>Why that is safe: a reader increments its slot, then reads {@code swapping}; the swapper
 * writes {@code swapping}, then reads the slots. All are volatile (sequentially consistent), so
 * either the reader sees the swap coming (and steps back until it ends) or the swapper sees the
 * reader (and waits for it to leave). A reader that already holds an iterator of this store on
 * the same thread does not step back: the swapper is waiting for that iterator anyway, so the
 * database stays open, and stepping back would wait for itself.
 *
 * <p>Only iterators are held beyond one call, so only they are counted per thread; a plain call
 * costs two atomic increments of a slot and a volatile read.
 */
final class SwapGate {
    /** Power of two; a few threads call the store at a time (writer, committer, a few readers). */
    private static final int SLOTS = 64;
    /** 16 longs = 128 bytes per slot: no two slots share a cache line (or an adjacent-line prefetch pair). */
    private static final int SLOT_STRIDE = 16;
    /** How long the exclusive side sleeps between two looks at the slots while it waits for readers. */
    private static final long READERS_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final AtomicLongArray holds = new AtomicLongArray(SLOTS * SLOT_STRIDE);
    private volatile boolean swapping;
    /** One exclusive holder at a time. */
    private final ReentrantLock exclusive = new ReentrantLock();
    /** Readers that stepped back wait here for the swap to end. */
    private final ReentrantLock waiting = new ReentrantLock();
    private final Condition swapEnded = waiting.newCondition();
    /** Iterators of this store open on each thread. */
    private final ThreadLocal<int[]> openIterators = ThreadLocal.withInitial(() -> new int[1]);

    /** Passes the gate for one call: returns the slot to give back to {@link #exit}. */
    int enter() {
        int slot = slotOfCurrentThread();
        while (true) {
            holds.getAndIncrement(slot);
            if (!swapping || openIterators.get()[0] > 0) {
                return slot;
            }
            holds.getAndDecrement(slot);
            awaitSwapEnd();
        }
    }

    /** Passes the gate only when no swap is under way or waiting (metrics never wait): the slot, or -1. */
    int tryEnter() {
        int slot = slotOfCurrentThread();
        holds.getAndIncrement(slot);
        if (!swapping) {
            return slot;
        }
        holds.getAndDecrement(slot);
        return -1;
    }

    void exit(int slot) {
        long left = holds.getAndDecrement(slot) - 1;
        if (left < 0) {
            throw new IllegalStateException("store gate slot " + slot / SLOT_STRIDE + " released more often than taken");
        }
    }

    /** Passes the gate for an iterator, which holds it until {@link #exitIterator} on the same thread. */
    int enterForIterator() {
        int slot = enter();
        openIterators.get()[0]++;
        return slot;
    }

    void exitIterator(int slot) {
        int[] open = openIterators.get();
        if (open[0] <= 0) {
            throw new IllegalStateException("no iterator of this store is open on this thread");
        }
        open[0]--;
        exit(slot);
    }

    /** Whether this thread holds an iterator of the store (it must not wait for the exclusive side). */
    boolean holdsIterator() {
        return openIterators.get()[0] > 0;
    }

    /**
     * Takes the gate exclusively once every reader has left, waiting at most {@code waitMillisMax};
     * false when they did not leave in time (the gate is then open again). New readers wait meanwhile.
     */
    boolean enterExclusively(long waitMillisMax) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillisMax);
        try {
            if (!exclusive.tryLock(waitMillisMax, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        swapping = true;
        while (anyReader()) {
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                exitExclusively();
                return false;
            }
            LockSupport.parkNanos(READERS_POLL_NANOS);
        }
        return true;
    }

    /** Opens the gate again and wakes the readers that waited. */
    void exitExclusively() {
        if (!exclusive.isHeldByCurrentThread()) {
            throw new IllegalStateException("the store gate is not held exclusively by this thread");
        }
        swapping = false;
        waiting.lock();
        try {
            swapEnded.signalAll();
        } finally {
            waiting.unlock();
        }
        exclusive.unlock();
    }

    private boolean anyReader() {
        for (int i = 0; i < SLOTS; i++) {
            if (holds.get(i * SLOT_STRIDE) != 0) {
                return true;
            }
        }
        return false;
    }

    private void awaitSwapEnd() {
        waiting.lock();
        try {
            while (swapping) {
                swapEnded.awaitUninterruptibly();
            }
        } finally {
            waiting.unlock();
        }
    }

    /** Fibonacci hashing of the thread id: consecutive ids land far apart. */
    private static int slotOfCurrentThread() {
        long id = Thread.currentThread().threadId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - Integer.numberOfTrailingZeros(SLOTS))) * SLOT_STRIDE;
    }
}
