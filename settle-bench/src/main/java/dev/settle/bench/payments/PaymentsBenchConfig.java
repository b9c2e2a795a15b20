package dev.settle.bench.payments;

import java.net.URI;
import java.util.function.Consumer;

/**
 * {@code settle bench --payments}: where the server is, how many payments run at once, and how
 * long. Each payment is created and confirmed with manual capture (the processor authorizes),
 * then captured: two requests, two processor calls, four synced writes.
 */
public record PaymentsBenchConfig(URI url, String apiKey, int concurrency, int warmupSeconds, int seconds,
        Consumer<String> progress) {
    public static final int CONCURRENCY_DEFAULT = 256;
    public static final int CONCURRENCY_MAX = 4096;

    public PaymentsBenchConfig {
        if (concurrency < 1 || concurrency > CONCURRENCY_MAX) {
            throw new IllegalArgumentException("--connections must be 1.." + CONCURRENCY_MAX + " for --payments");
        }
        if (seconds < 1 || warmupSeconds < 0) {
            throw new IllegalArgumentException("--seconds must be at least 1 and --warmup-seconds at least 0");
        }
    }
}
