package dev.settle.jmh;

import dev.settle.ledger.TransferBatch;
import java.util.function.ObjIntConsumer;

/**
 * Full transfer batches filled once, before measuring, and handed out in turn, so that the
 * measured region pays only for fresh ids (a few stores per transfer) instead of drawing random
 * accounts and zeroing every field.
 *
 * <p>The account pattern repeats every {@link #BATCHES} batches. Sixteen batches touch about
 * 260,000 account sides: at a million accounts that is far more than a CPU cache holds, so the
 * repetition does not turn the large case into a cached one.
 */
final class TransferRing {
    static final int BATCHES = 16;

    private final TransferBatch[] batches = new TransferBatch[BATCHES];
    private int next;

    /** Fills each batch to capacity, calling {@code filler} with each new transfer's index. */
    TransferRing(ObjIntConsumer<TransferBatch> filler) {
        for (int b = 0; b < BATCHES; b++) {
            TransferBatch batch = new TransferBatch(LedgerFixture.TRANSFERS_PER_BATCH);
            while (!batch.isFull()) {
                filler.accept(batch, batch.add());
            }
            batches[b] = batch;
        }
    }

    TransferBatch next() {
        TransferBatch batch = batches[next];
        next = (next + 1) % BATCHES;
        return batch;
    }
}
