package dev.settle.bench;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.Currency;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferResults;
import dev.settle.ledger.UInt128;
import dev.settle.pod.LedgerClock;
import dev.settle.pod.Pod;
import dev.settle.pod.PodCommand;
import dev.settle.pod.PodConfig;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreOptions;
import dev.settle.store.StoreRecovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;

/**
 * The in-process benchmark: a pod over RocksDB with synced writes (the configuration users run),
 * fed by client threads that each submit a batch, wait for its acknowledgement, and submit the
 * next. Accounts are created first and not timed.
 */
public final class SettleBench {
    public static final int LEDGER = 1;
    static final long CURRENCY = Currency.toLedger("USD");
    /** Marks ids made by the benchmark (UUIDv8 layout), so they never collide with client UUIDs. */
    private static final long ID_TAG = 0x5E77_1E00_0000_8000L;

    /** @param clients concurrent submitters; enough to keep the pod's pipeline full */
    public record Config(Path dataDirectory, WorkloadSpec spec, int clients, PodConfig pod) {
        public Config {
            if (clients < 1 || clients > 256) {
                throw new IllegalArgumentException("clients must be 1..256, got " + clients);
            }
        }
    }

    private SettleBench() {}

    public static SettleBenchResult run(Config config, LongConsumer progress) throws InterruptedException {
        WorkloadSpec spec = config.spec();
        LatencyRecorder latencies = new LatencyRecorder();
        long failures;
        double seconds;
        long batches;
        long events;
        try (LedgerStore store = LedgerStore.open(config.dataDirectory(), StoreOptions.defaults());
                Pod pod = Pod.start("bench", store, java.util.List.of(LEDGER), config.pod(), LedgerClock.SYSTEM)) {
            createAccounts(pod, spec.accounts());
            long batchesBefore = pod.stats().batches();
            long eventsBefore = pod.stats().events();
            long started = System.nanoTime();
            failures = runClients(pod, config, latencies, progress);
            seconds = (System.nanoTime() - started) / 1e9;
            batches = pod.stats().batches() - batchesBefore;
            events = pod.stats().events() - eventsBefore;
        }
        return withRecovery(config, spec, failures, seconds, batches, events, latencies);
    }

    private static SettleBenchResult withRecovery(Config config, WorkloadSpec spec, long failures, double seconds,
            long batches, long events, LatencyRecorder latencies) {
        long started = System.nanoTime();
        try (LedgerStore store = LedgerStore.open(config.dataDirectory(), StoreOptions.defaults())) {
            var loaded = StoreRecovery.recover(store, LEDGER);
            long recoveryMillis = (System.nanoTime() - started) / 1_000_000;
            long idsStarted = System.nanoTime();
            long ids = StoreRecovery.loadTransferIds(store, LEDGER,
                    loaded.engine().beginTransferIdRestore(StoreRecovery.estimatedTransferIds(store)), () -> true);
            long idsMillis = (System.nanoTime() - idsStarted) / 1_000_000;
            return new SettleBenchResult(spec.transfers(), failures, seconds, spec.transfers() / seconds,
                    spec.batchSize(), batches == 0 ? 0 : (double) events / batches, batches,
                    latencies.percentileMicros(50), latencies.percentileMicros(99), latencies.percentileMicros(99.9),
                    recoveryMillis, idsMillis, ids, loaded.accounts(), loaded.openPendingTransfers());
        }
    }

    static UInt128 accountId(int account) {
        return new UInt128(ID_TAG, account + 1L);
    }

    /** Account batches in flight at once while setting up: within the pod's queue limit. */
    private static final int ACCOUNT_BATCHES_IN_FLIGHT_MAX = 4;

    private static void createAccounts(Pod pod, int accounts) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int first = 0; first < accounts; first += LedgerLimits.ACCOUNTS_PER_BATCH_MAX) {
            if (pending.size() == ACCOUNT_BATCHES_IN_FLIGHT_MAX) {
                pending.remove(0).join();
            }
            int count = Math.min(LedgerLimits.ACCOUNTS_PER_BATCH_MAX, accounts - first);
            AccountBatch batch = new AccountBatch(count);
            for (int i = 0; i < count; i++) {
                batch.add(NewAccount.of(accountId(first + i), CURRENCY));
            }
            pending.add(pod.submit(PodCommand.accounts(LEDGER, batch)));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    private static long runClients(Pod pod, Config config, LatencyRecorder latencies, LongConsumer progress)
            throws InterruptedException {
        int clients = config.clients();
        long total = config.spec().transfers();
        Client[] workers = new Client[clients];
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            long share = total / clients + (c < total % clients ? 1 : 0);
            workers[c] = new Client(pod, config.spec(), c, share, progress);
            threads[c] = new Thread(workers[c], "bench-client-" + c);
            threads[c].start();
        }
        long failures = 0;
        for (int c = 0; c < clients; c++) {
            threads[c].join();
            if (workers[c].error != null) {
                throw new IllegalStateException("benchmark client failed: " + workers[c].error.getMessage(),
                        workers[c].error);
            }
            latencies.merge(workers[c].latencies);
            failures += workers[c].failures;
        }
        return failures;
    }

    /** One submitter: builds a batch from its workload stream, submits it, waits, repeats. */
    private static final class Client implements Runnable {
        private final Pod pod;
        private final WorkloadSpec spec;
        private final int client;
        private final long share;
        private final LongConsumer progress;
        private final TransferWorkload workload;
        final LatencyRecorder latencies = new LatencyRecorder();
        long failures;
        Throwable error;

        Client(Pod pod, WorkloadSpec spec, int client, long share, LongConsumer progress) {
            this.pod = pod;
            this.spec = spec;
            this.client = client;
            this.share = share;
            this.progress = progress;
            this.workload = new TransferWorkload(spec, client);
        }

        @Override
        public void run() {
            try {
                long done = 0;
                while (done < share) {
                    int size = (int) Math.min(spec.batchSize(), share - done);
                    TransferBatch batch = fill(size);
                    long started = System.nanoTime();
                    TransferResults results = pod.submit(PodCommand.transfers(LEDGER, batch)).get().results();
                    latencies.record(System.nanoTime() - started);
                    countFailures(results);
                    done += size;
                    progress.accept(size);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = e;
            } catch (ExecutionException | RuntimeException e) {
                error = e;
            }
        }

        /** A new batch of {@code size} operations (the pod keeps it until acknowledged, so it is not reused). */
        private TransferBatch fill(int size) {
            TransferBatch batch = new TransferBatch(size);
            bufferedOps = 0;
            for (int i = 0; i < size; i++) {
                workload.next(sink);
            }
            for (int op = 0; op < bufferedOps; op++) {
                appendOp(batch, op);
            }
            return batch;
        }

        // The workload emits operations through a callback; they are buffered, then copied into the batch.
        private final TransferWorkload.Sink sink = this::add;
        private int bufferedOps;
        private final int[] opKind = new int[LedgerLimits.TRANSFERS_PER_BATCH_MAX];
        private final int[] opDebit = new int[LedgerLimits.TRANSFERS_PER_BATCH_MAX];
        private final int[] opCredit = new int[LedgerLimits.TRANSFERS_PER_BATCH_MAX];
        private final long[] opAmount = new long[LedgerLimits.TRANSFERS_PER_BATCH_MAX];
        private final long[] opSequence = new long[LedgerLimits.TRANSFERS_PER_BATCH_MAX];
        private final long[] opPending = new long[LedgerLimits.TRANSFERS_PER_BATCH_MAX];

        private void add(TransferWorkload.Kind kind, int debit, int credit, long amount, long sequence,
                long pendingSequence) {
            int i = bufferedOps++;
            opKind[i] = kind.ordinal();
            opDebit[i] = debit;
            opCredit[i] = credit;
            opAmount[i] = amount;
            opSequence[i] = sequence;
            opPending[i] = pendingSequence;
        }

        private void appendOp(TransferBatch batch, int op) {
            int i = batch.add();
            UInt128 id = transferId(opSequence[op]);
            batch.setId(i, id.high(), id.low());
            if (opKind[op] == TransferWorkload.Kind.POST_PENDING.ordinal()) {
                UInt128 pending = transferId(opPending[op]);
                batch.setPendingId(i, pending.high(), pending.low());
                batch.setAmount(i, -1L, -1L); // the full pending amount
                batch.setFlags(i, TransferFlags.POST_PENDING_TRANSFER);
                return;
            }
            UInt128 debit = accountId(opDebit[op]);
            UInt128 credit = accountId(opCredit[op]);
            batch.setDebitAccountId(i, debit.high(), debit.low());
            batch.setCreditAccountId(i, credit.high(), credit.low());
            batch.setAmount(i, 0, opAmount[op]);
            batch.setLedger(i, CURRENCY);
            if (opKind[op] == TransferWorkload.Kind.PENDING.ordinal()) {
                batch.setFlags(i, TransferFlags.PENDING);
            }
        }

        /** Unique per client and sequence: the client in the high half, the sequence in the low half. */
        private UInt128 transferId(long sequence) {
            return new UInt128(ID_TAG + ((long) (client + 1) << 20), sequence + 1);
        }

        private void countFailures(TransferResults results) {
            for (int i = 0; i < results.size(); i++) {
                if (results.result(i) != CreateTransferResult.OK) {
                    failures++;
                }
            }
        }
    }
}
