package dev.settle.pod;

/**
 * The seam between a pod's state and whatever orders its commands, modelled on Apache Ratis'
 * {@code StateMachine}: {@link #apply} is its {@code applyTransaction}, {@link #accounts} its
 * {@code query}; the store is the snapshot ({@code takeSnapshot} is a RocksDB checkpoint) and
 * {@link LedgerStateMachine#recover} its {@code reinitialize}.
 *
 * <p>A driver hands it ordered, already timestamped batches, one at a time, on one thread; writes
 * each batch's write set durably, in order; then calls {@link #publish} and, on the applying
 * thread, {@link #releaseThrough}. The local single writer ({@link PodWriter}) is one driver: it
 * applies batch N+1 while batch N is being written. A Raft group (one log entry = one batch) is
 * the other: every replica applies the same entries and reaches the same state.
 *
 * <p>Applying is deterministic: the same batches give byte-identical writes and state. Nothing in
 * it reads a clock, draws a random number, or depends on which thread submitted what.
 */
public interface PodStateMachine {
    /**
     * Applies one batch to the state in memory and encodes everything it changed (ledger records,
     * events, stored answers) as one write batch. The applying thread only; batches in sequence.
     */
    AppliedBatch apply(PodBatch batch);

    /**
     * The batch's write set is durable: readers may now see its effects. Called once per batch, in
     * sequence order, from any one thread at a time.
     */
    void publish(AppliedBatch durable);

    /**
     * Forgets, from memory, what the batches up to {@code sequence} created: the store answers for
     * them now. The applying thread only, between batches.
     */
    void releaseThrough(long sequence);

    /**
     * The earliest time at which a batch without commands would change the state (a pending
     * transfer expires then), or {@link Long#MAX_VALUE}. The applying thread only.
     */
    long nextDeadlineNanos();

    /** The durable accounts of a ledger (any thread), or null when the pod does not hold it. */
    AccountReadModel accounts(int ledger);

    /** True when the ledger is in the pod (any thread). */
    boolean hasLedger(int ledger);

    /** How many ledgers the pod holds (any thread). */
    int ledgerCount();
}
