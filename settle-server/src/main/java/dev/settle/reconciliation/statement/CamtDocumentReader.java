package dev.settle.reconciliation.statement;

import java.io.IOException;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Walks a camt.053 document's structure, {@code Document/BkToCstmrStmt/GrpHdr} then one or more
 * {@code Stmt}, and hands each booked {@code Stmt/Ntry} to the sink as it is read. Other elements
 * are skipped (still parsed, so a malformed one is an error). The root's namespace must be one of
 * {@link #NAMESPACES}.
 */
final class CamtDocumentReader {
    static final String NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.";
    static final Set<String> NAMESPACES = Set.of(
            NAMESPACE_PREFIX + "02", NAMESPACE_PREFIX + "03", NAMESPACE_PREFIX + "04", NAMESPACE_PREFIX + "05",
            NAMESPACE_PREFIX + "06", NAMESPACE_PREFIX + "07", NAMESPACE_PREFIX + "08");

    private final XmlEventCursor cursor;
    private final XMLStreamReader xml;
    private final StatementParser.LineSink sink;
    private String namespace;
    private CamtEntryReader entries;

    CamtDocumentReader(XmlEventCursor cursor, StatementParser.LineSink sink) {
        this.cursor = cursor;
        this.xml = cursor.xml();
        this.sink = sink;
    }

    void read() throws XMLStreamException, StatementFormatException, IOException {
        readRoot();
        if (!cursor.nextChild() || !isCamt("BkToCstmrStmt")) {
            throw malformed("the Document holds no BkToCstmrStmt");
        }
        if (!cursor.nextChild() || !isCamt("GrpHdr")) {
            throw malformed("BkToCstmrStmt does not start with a GrpHdr");
        }
        cursor.skipElement();
        int statements = 0;
        while (cursor.nextChild()) {
            if (isCamt("Stmt")) {
                readStatement();
                statements++;
            } else {
                cursor.skipElement();
            }
        }
        if (statements == 0) {
            throw malformed("BkToCstmrStmt holds no Stmt");
        }
        cursor.finish();
    }

    private void readRoot() throws XMLStreamException, StatementFormatException {
        int event = xml.getEventType();
        while (event != XMLStreamConstants.START_ELEMENT) {
            event = cursor.next();
        }
        String rootNamespace = xml.getNamespaceURI() == null ? "" : xml.getNamespaceURI();
        if (!xml.getLocalName().equals("Document")) {
            throw malformed("the root element is " + Snippets.quoted(xml.getLocalName()) + ", not a camt.053 Document");
        }
        if (!NAMESPACES.contains(rootNamespace)) {
            throw malformed("namespace " + Snippets.quoted(rootNamespace)
                    + " is not supported: Settle reads camt.053.001.02 to camt.053.001.08");
        }
        namespace = rootNamespace;
        entries = new CamtEntryReader(namespace);
    }

    private void readStatement() throws XMLStreamException, StatementFormatException, IOException {
        while (cursor.nextChild()) {
            if (isCamt("Ntry")) {
                int line = cursor.eventLine();
                CamtEntryReader.Entry entry = entries.read(cursor, line);
                if (entry.fields().booked(line)) {
                    sink.accept(entry.fields().toLine(line, entry.raw()));
                }
            } else {
                cursor.skipElement();
            }
        }
    }

    private boolean isCamt(String localName) {
        return localName.equals(xml.getLocalName()) && namespace.equals(xml.getNamespaceURI());
    }

    /** Malformed at the line the parser has reached (the end of the current tag). */
    private StatementFormatException malformed(String what) {
        return new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED,
                Math.max(xml.getLocation().getLineNumber(), 0), what);
    }
}
