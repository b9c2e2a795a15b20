package dev.settle.ledger.reference;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountResults;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.StateDigest;
import dev.settle.ledger.TransactionOutcome;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferResults;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Drives a {@link LedgerEngine} over an {@link InMemoryStore} the way a pod does: one write per
 * batch, and (in pipelined mode) the write of a batch lands only after the next batch has been
 * applied, so the engine must answer from its recent batches.
 */
public final class EngineHarness {
    private final InMemoryStore store = new InMemoryStore();
    private final boolean pipelined;
    private final Deque<InMemoryStore.Write> inFlight = new ArrayDeque<>();
    private LedgerEngine engine = new LedgerEngine();

    public EngineHarness(boolean pipelined) {
        this.pipelined = pipelined;
    }

    public LedgerEngine engine() {
        return engine;
    }

    public InMemoryStore store() {
        return store;
    }

    public void beginBatch(long nowNanos) {
        engine.beginBatch(nowNanos, store);
    }

    public List<ReferenceLedger.AccountOutcome> createAccounts(List<NewAccount> accounts) {
        AccountBatch batch = new AccountBatch(accounts.size());
        accounts.forEach(batch::add);
        AccountResults results = new AccountResults(accounts.size());
        engine.createAccounts(batch, results);
        List<ReferenceLedger.AccountOutcome> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            out.add(new ReferenceLedger.AccountOutcome(results.result(i), results.timestamp(i)));
        }
        return out;
    }

    public List<ReferenceLedger.TransferOutcome> createTransfers(List<NewTransfer> transfers) {
        TransferBatch batch = new TransferBatch(transfers.size());
        transfers.forEach(batch::add);
        TransferResults results = new TransferResults(transfers.size());
        engine.createTransfers(batch, results);
        List<ReferenceLedger.TransferOutcome> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            out.add(new ReferenceLedger.TransferOutcome(results.result(i), results.timestamp(i), results.amount(i)));
        }
        return out;
    }

    public TransactionOutcome createTransaction(NewTransaction transaction) {
        return engine.createTransaction(transaction);
    }

    /** Ends the batch; in pipelined mode the previous batch's write lands now, this one's later. */
    public void endBatch() {
        inFlight.addLast(InMemoryStore.capture(engine.endBatch()));
        while (inFlight.size() > (pipelined ? 1 : 0)) {
            writeOldest();
        }
    }

    /** Writes everything in flight, then restarts from the store; returns the digests before and after. */
    public String[] restartAfterDurable() {
        while (!inFlight.isEmpty()) {
            writeOldest();
        }
        String before = StateDigest.of(engine);
        engine = store.recover();
        return new String[] {before, StateDigest.of(engine)};
    }

    /** Restarts while the newest batch is still in flight: that batch is lost. Returns how many batches were lost. */
    public int restartLosingInFlight() {
        int lost = inFlight.size();
        inFlight.clear();
        engine = store.recover();
        return lost;
    }

    private void writeOldest() {
        InMemoryStore.Write write = inFlight.removeFirst();
        store.apply(write);
        engine.releaseThrough(write.sequence());
    }
}
