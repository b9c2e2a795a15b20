package dev.settle.ledger;

/**
 * Read access to what earlier, durable batches stored: the transfer and transaction ids that the
 * engine does not keep in memory.
 *
 * <p>The engine calls it only for ids of the commands it is applying (transfer ids, pending ids,
 * transaction ids and leg ids), so a store can fetch all of them before the batch runs (the
 * server's prefetch) and answer from memory. Answers must be deterministic.
 */
public interface CommittedLookup {
    /** The stored transfer or failed id with this id, or null. */
    KnownTransferId findTransfer(long idHigh, long idLow);

    /** The stored transaction or failed id with this id, or null. */
    KnownTransactionId findTransaction(long idHigh, long idLow);

    /** A lookup for a ledger whose earlier batches stored nothing. */
    CommittedLookup EMPTY = new CommittedLookup() {
        @Override
        public KnownTransferId findTransfer(long idHigh, long idLow) {
            return null;
        }

        @Override
        public KnownTransactionId findTransaction(long idHigh, long idLow) {
            return null;
        }
    };
}
