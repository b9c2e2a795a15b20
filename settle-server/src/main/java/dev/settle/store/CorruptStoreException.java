package dev.settle.store;

/** The store holds bytes that no version of Settle wrote: stop rather than guess. */
public final class CorruptStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptStoreException(String message) {
        super("corrupt data directory: " + message);
    }
}
