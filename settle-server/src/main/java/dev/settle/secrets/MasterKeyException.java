package dev.settle.secrets;

import dev.settle.store.StoreException;

/**
 * The master keys given do not open this data directory's secrets (or none was given and the
 * directory needs one): Settle refuses to start, and the message says which key is missing by
 * its id, never by its value.
 */
public final class MasterKeyException extends StoreException {
    private static final long serialVersionUID = 1L;

    MasterKeyException(String message) {
        super(message);
    }
}
