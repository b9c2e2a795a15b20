package dev.settle.reconciliation.statement;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The charset of an XML document, from its byte order mark or its XML declaration
 * ({@code <?xml version="1.0" encoding="ISO-8859-1"?>}), UTF-8 when it declares none, as XML says.
 * We decode XML ourselves ({@link StrictCharsetReader}) so that a bad byte is refused with its line,
 * and not reported by the JDK parser on standard error.
 */
final class XmlDeclaredCharset {
    /** The XML declaration is at the very start; it fits well within this. */
    static final int PROLOG_BYTES_MAX = 512;

    private static final Pattern DECLARED_ENCODING = Pattern.compile(
            "^<\\?xml\\s[^>]*?\\bencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._:-]{0,39})[\"']");

    private XmlDeclaredCharset() {}

    /**
     * Peeks at the start of {@code in} (which is left where it was) for the document's charset.
     *
     * @throws StatementFormatException {@code statement_malformed} for an encoding the JDK does not know
     */
    static Charset detect(BufferedInputStream in) throws IOException, StatementFormatException {
        in.mark(PROLOG_BYTES_MAX);
        byte[] prolog = in.readNBytes(PROLOG_BYTES_MAX);
        in.reset();
        Charset marked = byteOrderMark(prolog);
        if (marked != null) {
            return marked;
        }
        Matcher declaration = DECLARED_ENCODING.matcher(new String(prolog, StandardCharsets.ISO_8859_1));
        if (!declaration.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(declaration.group(1));
        } catch (IllegalArgumentException e) {
            throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, 1,
                    "the declared encoding " + Snippets.quoted(declaration.group(1)) + " is not supported");
        }
    }

    private static Charset byteOrderMark(byte[] prolog) {
        if (startsWith(prolog, 0xEF, 0xBB, 0xBF)) {
            return StandardCharsets.UTF_8;
        }
        if (startsWith(prolog, 0xFE, 0xFF)) {
            return StandardCharsets.UTF_16BE;
        }
        if (startsWith(prolog, 0xFF, 0xFE)) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
