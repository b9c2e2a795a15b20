package dev.settle.pod;

import dev.settle.store.LedgerStore;
import dev.settle.store.StoreRecovery;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the stored transfer ids of a pod's ledgers after start, on its own thread, so start-up
 * does not wait for them (millions of ids take seconds); until a ledger's ids are in, its engine
 * treats every id as possibly known and asks the store.
 */
final class TransferIdLoader {
    private final Thread thread;
    private final Consumer<RuntimeException> onFailure;
    private volatile boolean stopping;

    /** {@code onFailure}: told when the store cannot be read (the pod then stops taking submissions). */
    TransferIdLoader(String name, LedgerStore store, List<PodLedger> ledgers, Consumer<RuntimeException> onFailure) {
        this.onFailure = onFailure;
        this.thread = new Thread(() -> load(store, ledgers), name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void load(LedgerStore store, List<PodLedger> ledgers) {
        try {
            for (PodLedger ledger : ledgers) {
                long count = StoreRecovery.loadTransferIds(store, ledger.number, ledger.idRestore, () -> !stopping);
                if (count < 0) {
                    return;
                }
                ledger.idsLoaded(count);
            }
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }

    /** Stops early (the pod closes) and waits for the thread. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join();
    }
}
