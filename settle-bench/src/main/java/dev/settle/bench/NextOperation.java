package dev.settle.bench;

/**
 * Holds the one operation a {@link TransferWorkload} just emitted, so the caller can act on it
 * outside the callback (where checked exceptions and timing are its own business). Reused for
 * every operation; no allocation.
 */
final class NextOperation implements TransferWorkload.Sink {
    TransferWorkload.Kind kind;
    int debitAccount;
    int creditAccount;
    long amount;
    long sequence;
    long pendingSequence;

    /** Replaces the held operation with the workload's next one. */
    void takeFrom(TransferWorkload workload) {
        kind = null;
        workload.next(this);
        if (kind == null) {
            throw new AssertionError("the workload emitted no operation");
        }
    }

    @Override
    public void accept(TransferWorkload.Kind newKind, int newDebitAccount, int newCreditAccount, long newAmount,
            long newSequence, long newPendingSequence) {
        kind = newKind;
        debitAccount = newDebitAccount;
        creditAccount = newCreditAccount;
        amount = newAmount;
        sequence = newSequence;
        pendingSequence = newPendingSequence;
    }
}
