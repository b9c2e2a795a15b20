package dev.settle.payments;

import dev.settle.payments.processor.Processor;
import dev.settle.payments.processor.ProcessorAnswer;
import java.util.Random;

/**
 * A processor whose caller dies right after a call returns, now and then: the call happened at
 * the processor, and nothing after it ran (the outcome is not written). What a {@code kill -9}
 * between the call and its outcome leaves, in-process.
 */
final class CrashingProcessor implements Processor {
    /** The caller "died" here: nothing of the request after the processor's call runs. */
    static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash after the processor's call", null, false, false);
        }
    }

    private final Processor processor;
    private final Random random;
    private final double crashRate;
    private volatile boolean armed = true;

    CrashingProcessor(Processor processor, long seed, double crashRate) {
        this.processor = processor;
        this.random = new Random(seed);
        this.crashRate = crashRate;
    }

    /** Stops crashing (the end of a run, when everything must settle). */
    void disarm() {
        armed = false;
    }

    private ProcessorAnswer maybeCrash(ProcessorAnswer answer) {
        boolean crash;
        synchronized (random) {
            crash = armed && random.nextDouble() < crashRate;
        }
        if (crash) {
            throw new Crash();
        }
        return answer;
    }

    @Override
    public ProcessorAnswer authorize(String key, long amount, String currency, String card, boolean capture,
            String reference, boolean authenticated) {
        return maybeCrash(processor.authorize(key, amount, currency, card, capture, reference, authenticated));
    }

    @Override
    public ProcessorAnswer capture(String key, String charge, long amount) {
        return maybeCrash(processor.capture(key, charge, amount));
    }

    @Override
    public ProcessorAnswer voidCharge(String key, String charge) {
        return maybeCrash(processor.voidCharge(key, charge));
    }

    @Override
    public ProcessorAnswer refund(String key, String charge, long amount) {
        return maybeCrash(processor.refund(key, charge, amount));
    }

    @Override
    public ProcessorAnswer settle(String key) {
        return processor.settle(key);
    }

    @Override
    public boolean available() {
        return processor.available();
    }
}
