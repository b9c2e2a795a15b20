package dev.settle.reconciliation.statement;

import java.io.CharConversionException;
import java.io.IOException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;

/**
 * The JDK parser's {@link XMLStreamException} as what it means to a statement: a refusal raised
 * by our own input readers ({@link RefusedInputException}), a real I/O failure (rethrown as such),
 * an encoding error, or else malformed XML at the parser's line.
 */
final class XmlErrors {
    /** A cause chain longer than this is not one the JDK builds; stop rather than loop. */
    private static final int CAUSES_MAX = 8;
    private static final String PARSER_MESSAGE_MARK = "Message: ";

    private XmlErrors() {}

    /**
     * @throws IOException when the failure is the input stream's, not the document's
     */
    static StatementFormatException translate(XMLStreamException e) throws IOException {
        Throwable cause = e;
        for (int i = 0; i < CAUSES_MAX && cause != null; i++) {
            if (cause instanceof RefusedInputException refused) {
                return refused.reason();
            }
            if (cause instanceof CharConversionException) {
                return new StatementFormatException(StatementFormatException.ENCODING_INVALID, line(e), message(e));
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            cause = cause instanceof XMLStreamException x && x.getNestedException() != null
                    ? x.getNestedException()
                    : cause.getCause();
        }
        return new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, line(e),
                "malformed XML: " + message(e));
    }

    private static int line(XMLStreamException e) {
        Location location = e.getLocation();
        return location == null ? 0 : Math.max(location.getLineNumber(), 0);
    }

    /** The parser's own message, without the "ParseError at [row,col]" preamble it adds. */
    private static String message(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int mark = message.indexOf(PARSER_MESSAGE_MARK);
        return mark < 0 ? message : message.substring(mark + PARSER_MESSAGE_MARK.length());
    }
}
