package dev.settle.reconciliation.statement;

import java.io.IOException;

/**
 * Carries a {@link StatementFormatException} out of a {@link java.io.Reader} through the XML
 * parser, which only lets I/O exceptions pass (wrapped in its {@code XMLStreamException}).
 * {@link XmlErrors} unwraps it again.
 */
final class RefusedInputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final StatementFormatException reason;

    RefusedInputException(StatementFormatException reason) {
        super(reason.getMessage(), reason);
        this.reason = reason;
    }

    StatementFormatException reason() {
        return reason;
    }
}
