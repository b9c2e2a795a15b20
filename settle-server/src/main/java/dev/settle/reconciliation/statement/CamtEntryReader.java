package dev.settle.reconciliation.statement;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Reads one camt.053 {@code <Ntry>} element, from its start tag to its end tag, into its
 * {@link CamtEntryFields} and its raw form: the element re-serialised as XML text (with the
 * document's namespace declared on it, so the text stands alone; comments and processing
 * instructions left out). An entry whose raw form exceeds {@link #ENTRY_RAW_CHARS_MAX} characters
 * is {@code statement_malformed} ("entry too large") at the entry's line.
 */
final class CamtEntryReader {
    /** 16 KiB: a real entry, even a batch booking with a few dozen transactions, is a few KiB. */
    static final int ENTRY_RAW_CHARS_MAX = 16 * 1024;
    private static final int RAW_CHARS_INITIAL = 2 * 1024;
    /** Path segment of an element outside the camt namespace: no path we read goes through it. */
    private static final String FOREIGN_SEGMENT = "*";
    private static final String CURRENCY_ATTRIBUTE = "Ccy";
    private static final String AMOUNT_PATH = "Amt";

    private final String namespace;
    /** Reused from entry to entry: one parse reads one entry at a time. */
    private final StringWriter raw = new StringWriter(RAW_CHARS_INITIAL);
    private final XMLStreamWriter out;
    private final StringBuilder path = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    private final int[] pathLengths = new int[XmlEventCursor.ELEMENT_DEPTH_MAX + 1];
    private final String[] defaultNamespaces = new String[XmlEventCursor.ELEMENT_DEPTH_MAX + 1];

    CamtEntryReader(String namespace) throws XMLStreamException {
        this.namespace = namespace;
        this.out = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(raw);
    }

    /** The values and XML text of the {@code <Ntry>} the cursor is on; leaves the cursor on its end tag. */
    Entry read(XmlEventCursor cursor, int line) throws XMLStreamException, StatementFormatException {
        XMLStreamReader xml = cursor.xml();
        raw.getBuffer().setLength(0);
        path.setLength(0);
        text.setLength(0);
        CamtEntryFields fields = new CamtEntryFields();
        int entryDepth = cursor.depth();
        writeStartElement(xml, 0);
        while (true) {
            int event = cursor.next();
            int depth = cursor.depth() - entryDepth;
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    pathLengths[depth] = path.length();
                    if (depth > 1) {
                        path.append('/');
                    }
                    path.append(namespace.equals(xml.getNamespaceURI()) ? xml.getLocalName() : FOREIGN_SEGMENT);
                    text.setLength(0);
                    writeStartElement(xml, depth);
                    if (AMOUNT_PATH.contentEquals(path)) {
                        fields.currency(xml.getAttributeValue(null, CURRENCY_ATTRIBUTE));
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    out.writeCharacters(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                    if (text.length() + xml.getTextLength() <= ENTRY_RAW_CHARS_MAX) {
                        text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    out.writeEndElement();
                    if (depth < 0) {
                        out.flush();
                        checkSize(line);
                        return new Entry(fields, raw.toString());
                    }
                    offerText(fields);
                    path.setLength(pathLengths[depth + 1]);
                    text.setLength(0);
                }
                default -> { }
            }
            out.flush();
            checkSize(line);
        }
    }

    /** The text of the element just ended, without the XML white space around it, if there is any. */
    private void offerText(CamtEntryFields fields) {
        int start = 0;
        int end = text.length();
        while (start < end && isXmlSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isXmlSpace(text.charAt(end - 1))) {
            end--;
        }
        if (start < end) {
            fields.offer(path.toString(), text.substring(start, end));
        }
    }

    private static boolean isXmlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Writes the start tag the reader is on, declaring its namespace where it differs from the
     * enclosing element's, and its attributes.
     */
    private void writeStartElement(XMLStreamReader xml, int depth) throws XMLStreamException {
        String elementNamespace = xml.getNamespaceURI() == null ? "" : xml.getNamespaceURI();
        out.writeStartElement(xml.getLocalName());
        String enclosing = depth == 0 ? "" : defaultNamespaces[depth - 1];
        if (!elementNamespace.equals(enclosing)) {
            out.writeDefaultNamespace(elementNamespace);
        }
        defaultNamespaces[depth] = elementNamespace;
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String attributeNamespace = xml.getAttributeNamespace(i);
            if (attributeNamespace == null || attributeNamespace.isEmpty()) {
                out.writeAttribute(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
            } else {
                String prefix = "a" + i;
                out.writeNamespace(prefix, attributeNamespace);
                out.writeAttribute(prefix, attributeNamespace, xml.getAttributeLocalName(i), xml.getAttributeValue(i));
            }
        }
    }

    private void checkSize(int line) throws StatementFormatException {
        if (raw.getBuffer().length() > ENTRY_RAW_CHARS_MAX) {
            throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, line,
                    "entry too large: its XML is over " + ENTRY_RAW_CHARS_MAX + " characters");
        }
    }

    /** What one {@code <Ntry>} holds: the values read and the element's XML text. */
    record Entry(CamtEntryFields fields, String raw) {}
}
