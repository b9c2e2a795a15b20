package dev.settle.cli;

import dev.settle.pod.LedgerClock;
import dev.settle.pod.Pod;
import dev.settle.pod.PodConfig;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreException;
import dev.settle.store.StoreOptions;
import dev.settle.pod.PodRecovery;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code settle serve}: opens the data directory, recovers the ledger and runs its pod until
 * SIGTERM or SIGINT, then finishes what was queued, flushes and exits 0.
 */
@Command(name = "serve", description = "Start Settle on a data directory (created when missing).")
final class ServeCommand implements Callable<Integer> {
    /** The ledger of the default tenant, until tenants arrive with the HTTP API. */
    static final int DEFAULT_LEDGER = 1;
    /** How often the main thread looks whether the pod stopped by itself. */
    static final long FAILURE_CHECK_MILLIS = 200;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $SETTLE_DATA or ./data).")
    Path data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path directory = DataDirectory.resolve(data);
        LedgerStore store;
        Pod pod;
        try {
            store = LedgerStore.open(directory, StoreOptions.defaults());
            pod = Pod.start("pod-0", store, java.util.List.of(DEFAULT_LEDGER), PodConfig.defaults(), LedgerClock.SYSTEM);
        } catch (StoreException e) {
            spec.commandLine().getErr().println("settle serve: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        PodRecovery loaded = pod.recovery();
        spec.commandLine().getOut().printf("settle: ready on %s: %,d accounts, %,d open pending transfers, loaded in %d ms%n",
                directory.toAbsolutePath(), loaded.accounts(), loaded.openPendingTransfers(), loaded.millis());
        spec.commandLine().getOut().flush();
        CountDownLatch stopRequested = new CountDownLatch(1);
        Termination.onSignal(stopRequested::countDown);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                pod.close();
                store.close();
            }
        };
        // A safety net for exits that do not come through a signal (System.exit elsewhere).
        Runtime.getRuntime().addShutdownHook(new Thread(close, "settle-shutdown"));
        while (!stopRequested.await(FAILURE_CHECK_MILLIS, TimeUnit.MILLISECONDS) && pod.failure() == null) {
            // Waiting for SIGTERM/SIGINT, or for the pod to stop on its own (disk full, I/O error).
        }
        close.run();
        if (pod.failure() != null) {
            spec.commandLine().getErr().println("settle serve: stopped: " + pod.failure().getMessage()
                    + "; nothing unacknowledged was applied. Fix the cause and start again.");
            return Main.EXIT_FAILED;
        }
        spec.commandLine().getOut().println("settle: stopped; every acknowledged command is on disk");
        return Main.EXIT_OK;
    }
}
