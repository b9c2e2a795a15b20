package dev.settle.pod;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferResults;
import dev.settle.ledger.UInt128;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The process that {@link CrashRecoveryTest} kills. It opens the data directory, then submits
 * transfers forever from several threads and prints "ACK from to" after each acknowledged
 * submission. Every run starts again at sequence 0 with the same ids and amounts, so the first
 * submissions of a run re-send what earlier runs did: those must answer EXISTS, never apply twice.
 */
public final class CrashLoadMain {
    static final int LEDGER = 1;
    static final long CURRENCY = 1;
    static final int ACCOUNTS = 50;
    static final int THREADS = 3;
    static final int BATCH = 500;

    private CrashLoadMain() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, true);
        LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults());
        Pod pod = Pod.start("crash", store, java.util.List.of(LEDGER), PodConfig.defaults(), LedgerClock.SYSTEM);
        AccountBatch accounts = new AccountBatch(ACCOUNTS);
        for (int a = 0; a < ACCOUNTS; a++) {
            accounts.add(NewAccount.of(accountId(a), CURRENCY));
        }
        pod.submit(PodCommand.accounts(LEDGER, accounts)).join();
        out.println("READY");
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads[t] = new Thread(() -> load(pod, thread, out), "load-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Thread t sends sequences t*BATCH, (t+THREADS)*BATCH, ... each batch of BATCH transfers. */
    private static void load(Pod pod, int thread, PrintStream out) {
        for (long first = (long) thread * BATCH; ; first += (long) THREADS * BATCH) {
            TransferBatch batch = new TransferBatch(BATCH);
            for (long seq = first; seq < first + BATCH; seq++) {
                batch.add(transfer(seq));
            }
            CompletableFuture<TransferResults> future = pod.submit(PodCommand.transfers(LEDGER, batch))
                        .thenApply(TransferOutcomes::results);
            TransferResults results = future.join();
            for (int i = 0; i < results.size(); i++) {
                CreateTransferResult r = results.result(i);
                if (r != CreateTransferResult.OK && r != CreateTransferResult.EXISTS) {
                    out.println("BAD " + (first + i) + " " + r.code());
                    System.exit(3);
                }
            }
            out.println("ACK " + first + " " + (first + BATCH));
        }
    }

    static dev.settle.ledger.NewTransfer transfer(long seq) {
        int debit = (int) (seq % ACCOUNTS);
        int credit = (int) ((seq * 7 + 1) % ACCOUNTS);
        if (credit == debit) {
            credit = (credit + 1) % ACCOUNTS;
        }
        dev.settle.ledger.NewTransfer t = dev.settle.ledger.NewTransfer.of(transferId(seq), accountId(debit),
                accountId(credit), UInt128.of(1 + seq % 97), CURRENCY);
        return seq % 5 == 0 ? t.withFlags(TransferFlags.PENDING).withTimeout(3600) : t;
    }

    static UInt128 accountId(int account) {
        return new UInt128(0xACC0_0000_0000_0000L, account + 1);
    }

    static UInt128 transferId(long seq) {
        return new UInt128(0x7EA5_0000_0000_0000L, seq + 1);
    }
}
