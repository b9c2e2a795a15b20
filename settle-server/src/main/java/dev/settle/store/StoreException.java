package dev.settle.store;

/**
 * The data directory cannot be used or written: locked by another process, not a Settle
 * directory, written by an unknown format, corrupt, or the disk failed or is full. The message
 * says which and names the directory; it never contains ledger data.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
