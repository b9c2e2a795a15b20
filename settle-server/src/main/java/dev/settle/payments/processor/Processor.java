package dev.settle.payments.processor;

/**
 * The card processor, as the payments layer calls it: every call carries the caller's
 * idempotency key, so calling again with the same key never charges twice.
 */
public interface Processor extends AutoCloseable {
    ProcessorAnswer authorize(String key, long amount, String currency, String card, boolean capture,
            String reference, boolean authenticated);

    ProcessorAnswer capture(String key, String charge, long amount);

    ProcessorAnswer voidCharge(String key, String charge);

    ProcessorAnswer refund(String key, String charge, long amount);

    /**
     * The answer the processor recorded for {@code key}, or {@link ProcessorAnswer.NeverMade} (and
     * the key is refused from then on, so a call still on its way can never happen later).
     */
    ProcessorAnswer settle(String key);

    /** False while the circuit breaker is open: new payments fail fast, before anything is written. */
    boolean available();

    /** What its calls came to (for the metrics). */
    default ProcessorStats stats() {
        return ProcessorStats.NONE;
    }

    /** True while its circuit breaker is open (for the metrics). */
    default boolean breakerOpen() {
        return false;
    }

    /** Lets go of its connections. */
    @Override
    default void close() {
    }
}
