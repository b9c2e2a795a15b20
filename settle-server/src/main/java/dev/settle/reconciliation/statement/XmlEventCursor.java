package dev.settle.reconciliation.statement;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Steps through a StAX reader's events keeping what the camt readers need: the element depth
 * (bounded by {@link #ELEMENT_DEPTH_MAX}), the line where the current event starts, and a refusal
 * of any DTD or entity reference event that got past the input guard.
 */
final class XmlEventCursor {
    /** camt.053 nests about 12 deep; a document deeper than this is not a statement. */
    static final int ELEMENT_DEPTH_MAX = 64;

    private final XMLStreamReader xml;
    private int depth;
    private int eventLine = 1;

    XmlEventCursor(XMLStreamReader xml) {
        this.xml = xml;
    }

    XMLStreamReader xml() {
        return xml;
    }

    /** Elements open at the current event (a START_ELEMENT counts itself, an END_ELEMENT no longer does). */
    int depth() {
        return depth;
    }

    /** The line where the current event starts: where the previous one ended. */
    int eventLine() {
        return eventLine;
    }

    int next() throws XMLStreamException, StatementFormatException {
        eventLine = xml.getLocation().getLineNumber();
        int event = xml.next();
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> {
                if (++depth > ELEMENT_DEPTH_MAX) {
                    throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, eventLine,
                            "elements nested deeper than " + ELEMENT_DEPTH_MAX);
                }
            }
            case XMLStreamConstants.END_ELEMENT -> depth--;
            case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                    throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, eventLine,
                            XmlMarkupGuard.DTD_REFUSED);
            default -> { }
        }
        return event;
    }

    /**
     * Moves to the next child element of the element the cursor is in (after its start, or after
     * a child's end): true on the child's START_ELEMENT, false on the parent's END_ELEMENT.
     */
    boolean nextChild() throws XMLStreamException, StatementFormatException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new IllegalStateException("the parser ended a document with elements still open");
            }
        }
    }

    /** From an element's START_ELEMENT to its END_ELEMENT, reading (and checking) all in between. */
    void skipElement() throws XMLStreamException, StatementFormatException {
        if (xml.getEventType() != XMLStreamConstants.START_ELEMENT) {
            throw new IllegalStateException("skipElement off a start tag");
        }
        int parentDepth = depth - 1;
        while (depth > parentDepth) {
            next();
        }
    }

    /** Reads to the end of the document, so that a truncated or malformed tail is still an error. */
    void finish() throws XMLStreamException, StatementFormatException {
        while (next() != XMLStreamConstants.END_DOCUMENT) {
            // Nothing after the statement matters but its well-formedness.
        }
    }
}
