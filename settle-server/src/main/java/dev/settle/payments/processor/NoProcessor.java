package dev.settle.payments.processor;

/** No processor configured: nothing can be charged, and every call says so without doing anything. */
public final class NoProcessor implements Processor {
    private static final ProcessorAnswer NONE = new ProcessorAnswer.NotPerformed(
            "no card processor is configured (--processor-url)");

    @Override
    public ProcessorAnswer authorize(String key, long amount, String currency, String card, boolean capture,
            String reference, boolean authenticated) {
        return NONE;
    }

    @Override
    public ProcessorAnswer capture(String key, String charge, long amount) {
        return NONE;
    }

    @Override
    public ProcessorAnswer voidCharge(String key, String charge) {
        return NONE;
    }

    @Override
    public ProcessorAnswer refund(String key, String charge, long amount) {
        return NONE;
    }

    @Override
    public ProcessorAnswer settle(String key) {
        return NONE;
    }

    @Override
    public boolean available() {
        return false;
    }
}
