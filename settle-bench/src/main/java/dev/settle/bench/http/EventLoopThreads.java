package dev.settle.bench.http;

/**
 * The platform threads that run a set of {@link EventLoop}s, one each: a selector blocks its
 * thread, and each loop should own a core while it runs. Owned by the thread that starts them.
 */
final class EventLoopThreads {
    private final Thread[] threads;

    private EventLoopThreads(Thread[] threads) {
        this.threads = threads;
    }

    /** Starts one daemon thread per loop, named {@code namePrefix-loop-<n>}. */
    static EventLoopThreads start(String namePrefix, EventLoop[] loops) {
        Thread[] threads = new Thread[loops.length];
        for (int l = 0; l < loops.length; l++) {
            threads[l] = Thread.ofPlatform().daemon().name(namePrefix + "-loop-" + l).start(loops[l]);
        }
        return new EventLoopThreads(threads);
    }

    /** Whether every loop still runs; a loop that ended before its traffic's end has failed. */
    boolean allAlive() {
        for (Thread thread : threads) {
            if (!thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** A selector wakes up when its thread is interrupted, so the loops end at once. */
    void interruptAll() {
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    /** Waits for every loop to end; a caller interrupted meanwhile should {@link #interruptAll} before it leaves. */
    void joinAll() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
