package dev.settle.processorsim;

import java.util.Random;

/**
 * The simulator's bad behaviour, drawn from one seeded {@link Random} so that a run with the same
 * seed and the same request order fails the same way: added latency, 503s before anything is
 * done, and answers lost after the operation was recorded.
 */
final class Faults {
    private final SimulatorConfig config;
    private final Random random;

    Faults(SimulatorConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    /** Waits the configured latency; every request pays it. */
    void addLatency() throws InterruptedException {
        sleep(config.latencyMillis());
    }

    /** Waits the slow test card's delay. */
    void answerSlowly() throws InterruptedException {
        sleep(config.slowMillis());
    }

    /** Whether this mutating request is to be refused with 503 before anything is done. */
    boolean failRequest() {
        return draw(config.errorRate());
    }

    /** Whether the answer of this performed mutating request is to be lost. */
    boolean loseAnswer() {
        return draw(config.lostAnswerRate());
    }

    private boolean draw(double rate) {
        if (rate <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
