package dev.settle.jmh;

import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Two-phase transfers in steady state: the first half of every measured batch posts (in full) the
 * pending transfers that the second half of the previous batch opened, and its second half opens
 * as many new ones. Setup opens the first set, so every measured batch does both halves and the
 * number of open pending transfers stays at {@link #POSTS_PER_BATCH}.
 */
@State(Scope.Thread)
public class TwoPhaseWorkload extends WorkloadParams {
    static final int POSTS_PER_BATCH = LedgerFixture.TRANSFERS_PER_BATCH / 2;
    static final int PENDINGS_PER_BATCH = LedgerFixture.TRANSFERS_PER_BATCH - POSTS_PER_BATCH;

    static {
        LedgerFixture.check(POSTS_PER_BATCH == PENDINGS_PER_BATCH,
                "each batch posts exactly what the previous one opened");
    }

    private LedgerFixture fixture;
    private TransferRing ring;
    /** The low id half of the first pending transfer the next batch posts; the rest follow it. */
    private long pendingIdLowFirst;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new LedgerFixture(accounts);
        AccountPicker picker = newPicker();
        ring = new TransferRing((batch, i) -> {
            if (i < POSTS_PER_BATCH) {
                fillPost(batch, i);
            } else {
                fillPending(batch, i, picker);
            }
        });
        TransferBatch opening = new TransferBatch(PENDINGS_PER_BATCH);
        while (!opening.isFull()) {
            fillPending(opening, opening.add(), picker);
        }
        pendingIdLowFirst = fixture.assignIds(opening);
        fixture.apply(opening);
    }

    BatchChanges applyNextBatch() {
        TransferBatch batch = ring.next();
        long idLowFirst = fixture.assignIds(batch);
        for (int i = 0; i < POSTS_PER_BATCH; i++) {
            batch.setPendingId(i, 0, pendingIdLowFirst + i);
        }
        pendingIdLowFirst = idLowFirst + POSTS_PER_BATCH;
        BatchChanges changes = fixture.apply(batch);
        LedgerFixture.check(fixture.engine().openPendingCount() == PENDINGS_PER_BATCH,
                "posts close as many pending transfers as the batch opens");
        return changes;
    }

    /** A post of the full pending amount; accounts and ledger stay zero, meaning "as pending". */
    private static void fillPost(TransferBatch batch, int i) {
        batch.setFlags(i, TransferFlags.POST_PENDING_TRANSFER);
        batch.setAmount(i, UInt128.MAX.high(), UInt128.MAX.low());
    }

    /** A pending transfer with no timeout, so that none expires while the benchmark runs. */
    private static void fillPending(TransferBatch batch, int i, AccountPicker picker) {
        picker.assign(batch, i);
        batch.setAmount(i, 0, LedgerFixture.TRANSFER_AMOUNT);
        batch.setLedger(i, LedgerFixture.LEDGER);
        batch.setFlags(i, TransferFlags.PENDING);
    }
}
