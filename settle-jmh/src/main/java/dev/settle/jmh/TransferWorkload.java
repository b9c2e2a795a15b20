package dev.settle.jmh;

import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.TransferBatch;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Single-phase transfers: every measured batch is {@link LedgerFixture#TRANSFERS_PER_BATCH} new posted transfers. */
@State(Scope.Thread)
public class TransferWorkload extends WorkloadParams {
    private LedgerFixture fixture;
    private TransferRing ring;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new LedgerFixture(accounts);
        AccountPicker picker = newPicker();
        ring = new TransferRing((batch, i) -> {
            picker.assign(batch, i);
            batch.setAmount(i, 0, LedgerFixture.TRANSFER_AMOUNT);
            batch.setLedger(i, LedgerFixture.LEDGER);
        });
    }

    BatchChanges applyNextBatch() {
        TransferBatch batch = ring.next();
        fixture.assignIds(batch);
        return fixture.apply(batch);
    }
}
