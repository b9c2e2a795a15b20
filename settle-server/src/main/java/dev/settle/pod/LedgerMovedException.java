package dev.settle.pod;

/**
 * The pod no longer holds the submission's ledger: its tenant moved to another pod. Nothing was
 * applied; {@link Pods} sends the submission again to the ledger's new pod.
 */
public final class LedgerMovedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerMovedException(String message) {
        super(message, null, false, false);
    }
}
