package dev.settle.payments;

import dev.settle.ledger.AccountRecord;
import dev.settle.payments.processor.Processor;
import dev.settle.pod.LedgerClock;
import dev.settle.pod.PodConfig;
import dev.settle.pod.Pods;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The payments layer on a real store and pod, without HTTP: what the properties drive. A "crash"
 * drops everything in memory and opens the store again, as a restart after {@code kill -9} would
 * (every acknowledged write is on disk; a step whose outcome was not written stays written).
 */
final class PaymentsHarness implements AutoCloseable {
    static final int LEDGER = 1;
    static final Duration RECOVER_AFTER = Duration.ofSeconds(30);
    static final Duration AUTHORIZATION_EXPIRY = Duration.ofHours(1);

    final AtomicLong clockMillis = new AtomicLong(1_795_000_000_000L);
    private final Path dir;
    private final Processor processor;
    private LedgerStore store;
    private Pods pods;
    private Payments payments;

    PaymentsHarness(Path dir, Processor processor) {
        this.dir = dir;
        this.processor = processor;
        open();
    }

    private void open() {
        store = LedgerStore.open(dir, StoreOptions.defaults());
        pods = Pods.start(store, 1, Map.of(LEDGER, 0), PodConfig.defaults(), LedgerClock.SYSTEM, System::nanoTime);
        PaymentsConfig config = PaymentsConfig.defaults().withAuthorizationExpiry(AUTHORIZATION_EXPIRY)
                .withRecovery(Duration.ofHours(1), RECOVER_AFTER);
        payments = new Payments(pods, store, processor, config, () -> List.of(LEDGER), clockMillis::get);
    }

    /** A restart: memory gone, the store as the synced writes left it. */
    void restart() {
        close();
        open();
    }

    Payments payments() {
        return payments;
    }

    PaymentReads reads() {
        return payments.reads();
    }

    List<PaymentIntent> intents() {
        return ProcessorAgreement.intents(reads(), LEDGER);
    }

    List<Refund> refunds() {
        return ProcessorAgreement.refunds(reads(), LEDGER);
    }

    /** A payments account of the currency, or null before the currency's first payment. */
    AccountRecord account(PaymentLedger.Role role, String currency) {
        return pods.accounts(LEDGER).find(PaymentLedger.account(role, currency));
    }

    @Override
    public void close() {
        payments.close();
        pods.close();
        store.close();
    }
}
