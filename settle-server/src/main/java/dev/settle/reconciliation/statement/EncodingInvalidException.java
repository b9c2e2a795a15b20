package dev.settle.reconciliation.statement;

import java.io.IOException;

/**
 * Thrown by {@link StrictCharsetReader} at bytes that are not valid in its charset. The reader
 * does not know lines; whoever reads from it turns this into {@code encoding_invalid} with the
 * line it has reached.
 */
final class EncodingInvalidException extends IOException {
    private static final long serialVersionUID = 1L;

    EncodingInvalidException(String message) {
        super(message);
    }
}
