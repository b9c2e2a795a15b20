package dev.settle.client;

import java.time.Duration;

/**
 * Waits between retries. The default sleeps the calling thread; tests inject one that records
 * the requested delays and returns at once.
 */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration delay) throws InterruptedException;

    /** Sleeps the calling thread for the delay. */
    static Sleeper threadSleep() {
        return Thread::sleep;
    }
}
