package dev.settle.payments;

import dev.settle.payments.processor.HttpProcessor;
import dev.settle.payments.processor.NoProcessor;
import dev.settle.payments.processor.Processor;
import dev.settle.pod.Pods;
import dev.settle.store.LedgerStore;
import java.util.Collection;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The payments layer, wired: intents, refunds, their reads and the recovery job. */
public final class Payments implements AutoCloseable {
    private final PaymentIntents intents;
    private final Refunds refunds;
    private final PaymentRecovery recovery;
    private final Processor processor;

    public Payments(Pods pods, LedgerStore store, PaymentsConfig config, Supplier<Collection<Integer>> ledgers,
            LongSupplier clockMillis) {
        this(pods, store, config.processor() == null ? new NoProcessor() : new HttpProcessor(config.processor()),
                config, ledgers, clockMillis);
    }

    public Payments(Pods pods, LedgerStore store, Processor processor, PaymentsConfig config,
            Supplier<Collection<Integer>> ledgers, LongSupplier clockMillis) {
        this.processor = processor;
        PaymentReads reads = new PaymentReads(store);
        PaymentWrites writes = new PaymentWrites(pods);
        PaymentSteps steps = new PaymentSteps(reads, writes, processor, clockMillis, config.authorizationExpiry());
        this.intents = new PaymentIntents(reads, writes, steps, new PaymentLedger(pods), clockMillis);
        this.refunds = new Refunds(intents, reads, writes, steps, clockMillis);
        this.recovery = new PaymentRecovery(intents, refunds, ledgers, config, clockMillis);
    }

    public PaymentIntents intents() {
        return intents;
    }

    public Refunds refunds() {
        return refunds;
    }

    public PaymentReads reads() {
        return intents.reads();
    }

    public PaymentRecovery recovery() {
        return recovery;
    }

    /** The card processor's client (its stats and breaker, for the metrics). */
    public Processor processor() {
        return processor;
    }

    @Override
    public void close() {
        recovery.close();
        processor.close();
    }
}
