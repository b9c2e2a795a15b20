package dev.settle.reconciliation.statement;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

/**
 * StAX readers for untrusted XML: the JDK's own implementation (whose behaviour the statement
 * tests pin down), namespace aware, no DTD support, no external entities or DTDs resolved, and
 * text and CDATA delivered in bounded chunks rather than coalesced. DOCTYPEs are refused before
 * the parser even sees them ({@link XmlMarkupGuard}); these settings are the second line.
 */
final class SecureXmlFactory {
    /** The JDK hands CDATA sections over in chunks of at most this many characters. */
    static final int CDATA_CHUNK_CHARS = 8 * 1024;

    private static final String CDATA_CHUNK_SIZE_PROPERTY = "jdk.xml.cdataChunkSize";
    /**
     * Since JDK 24 these default to 100,000 and count every {@code &amp;}, {@code &lt;} … of the whole
     * document, so a large statement of company names like "Smith &amp; Sons" would be refused. With
     * DTDs refused no other entity can exist, and the predefined ones expand to one character each:
     * lifting these limits (0) expands nothing.
     */
    private static final String GENERAL_ENTITY_SIZE_LIMIT_PROPERTY = "jdk.xml.maxGeneralEntitySizeLimit";
    private static final String TOTAL_ENTITY_SIZE_LIMIT_PROPERTY = "jdk.xml.totalEntitySizeLimit";
    private static final String NO_LIMIT = "0";

    private SecureXmlFactory() {}

    /** A new factory: the JDK's factories are not documented as thread-safe, so each parse gets its own. */
    static XMLInputFactory create() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(CDATA_CHUNK_SIZE_PROPERTY, CDATA_CHUNK_CHARS);
        factory.setProperty(GENERAL_ENTITY_SIZE_LIMIT_PROPERTY, NO_LIMIT);
        factory.setProperty(TOTAL_ENTITY_SIZE_LIMIT_PROPERTY, NO_LIMIT);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException(XmlMarkupGuard.DTD_REFUSED);
        });
        return factory;
    }
}
