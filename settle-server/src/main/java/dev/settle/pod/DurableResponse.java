package dev.settle.pod;

/**
 * A response to store in the same atomic batch as the effect it answers (an idempotency record).
 * The pod calls {@link #encode} on its writer thread right after applying the submission, with
 * the submission's outcome, and writes the bytes under {@link #key()} in the {@code idempotency}
 * column family. Keep it quick: it runs on the writer thread.
 */
public interface DurableResponse {
    /** The record's key (ledger number first, see {@code StoreLayout}). */
    byte[] key();

    /** Renders the response for {@code outcome} and returns the bytes to store. */
    byte[] encode(Object outcome);
}
