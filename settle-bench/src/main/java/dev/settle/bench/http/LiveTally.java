package dev.settle.bench.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of a phase, warm-up included, that every event loop adds to and the progress
 * reporter reads while the phase runs. The measured figures are kept per event loop instead
 * ({@link PhaseTotals}); these are only for the live progress lines.
 */
final class LiveTally {
    private final LongAdder answers = new LongAdder();
    private final LongAdder failedTransfers = new LongAdder();

    void add(int failed) {
        answers.increment();
        if (failed > 0) {
            failedTransfers.add(failed);
        }
    }

    long answers() {
        return answers.sum();
    }

    long failedTransfers() {
        return failedTransfers.sum();
    }
}
