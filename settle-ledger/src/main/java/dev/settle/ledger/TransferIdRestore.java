package dev.settle.ledger;

/**
 * The stored transfer ids of a ledger, gathered after start-up on another thread while the engine
 * already runs (reading millions of ids takes seconds). Until the engine receives it through
 * {@link LedgerEngine#completeTransferIdRestore}, it treats every id as possibly known and asks the
 * store, which is slower but never wrong.
 *
 * <p>Filled by one thread, then handed to the engine's thread (the hand-over must publish it,
 * for example through a volatile or concurrent reference); not shared in between.
 */
public final class TransferIdRestore {
    final TransferIdFilter filter;

    TransferIdRestore(long expectedIds) {
        filter = new TransferIdFilter(expectedIds);
    }

    public void add(long idHigh, long idLow) {
        filter.add(idHigh, idLow);
    }
}
