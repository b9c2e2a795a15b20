package dev.settle.reconciliation.statement;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * ISO 20022 camt.053 (BankToCustomerStatement), versions .001.02 to .001.08: one
 * {@link StatementLine} per booked {@code Ntry} of every {@code Stmt}, in file order (see
 * {@link CamtEntryFields} for how an entry's values are chosen).
 *
 * <p>The input goes through three layers before the JDK's StAX parser: its declared charset
 * ({@link XmlDeclaredCharset}), a strict decoder ({@link StrictCharsetReader}: a byte invalid in
 * that charset is {@code encoding_invalid} at its line), and a guard ({@link XmlMarkupGuard}) that
 * refuses any DOCTYPE before it is parsed and bounds the markup the parser buffers. The parser
 * itself is set up without DTDs or external entities ({@link SecureXmlFactory}). Memory stays
 * bounded: one entry at a time, each capped at {@link CamtEntryReader#ENTRY_RAW_CHARS_MAX}.
 */
public final class Camt053Parser implements StatementParser {
    private static final int INPUT_BUFFER_BYTES = 16 * 1024;

    @Override
    public void parse(InputStream in, LineSink sink) throws StatementFormatException, IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, INPUT_BUFFER_BYTES);
        Charset charset = XmlDeclaredCharset.detect(buffered);
        Reader chars = new XmlMarkupGuard(new StrictCharsetReader(buffered, charset));
        XMLStreamReader xml = null;
        try {
            xml = SecureXmlFactory.create().createXMLStreamReader(chars);
            new CamtDocumentReader(new XmlEventCursor(xml), sink).read();
        } catch (XMLStreamException e) {
            throw XmlErrors.translate(e);
        } finally {
            close(xml);
        }
    }

    private static void close(XMLStreamReader xml) {
        if (xml == null) {
            return;
        }
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // Closing frees the parser's buffers only; the input stream is the caller's to close.
        }
    }
}
