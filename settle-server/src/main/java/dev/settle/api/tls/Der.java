package dev.settle.api.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little DER (X.690) that turns a PKCS#1 RSA key or a SEC1 EC key into the PKCS#8 structure
 * the JDK reads: finding one element of a SEQUENCE, and writing a SEQUENCE of elements. Lengths
 * up to {@link #LENGTH_BYTES_MAX} length octets; anything else is not a key file this reads.
 */
final class Der {
    static final int TAG_INTEGER = 0x02;
    static final int TAG_OCTET_STRING = 0x04;
    static final int TAG_SEQUENCE = 0x30;
    /** Four length octets: up to 4 GiB, far beyond any key (files are capped at 1 MiB). */
    static final int LENGTH_BYTES_MAX = 4;

    private Der() {}

    /** Where an element starts and ends (its tag byte, its content, the byte after it). */
    record Element(int start, int contentStart, int end) {}

    /** The element whose tag byte is at {@code offset}; throws on a truncated or malformed one. */
    static Element at(byte[] der, int offset) {
        if (offset + 2 > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int first = der[offset + 1] & 0xFF;
        int contentStart = offset + 2;
        long length = first;
        if (first >= 0x80) {
            int octets = first & 0x7F;
            if (octets == 0 || octets > LENGTH_BYTES_MAX || contentStart + octets > der.length) {
                throw new IllegalArgumentException("bad DER length");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (der[contentStart + i] & 0xFF);
            }
            contentStart += octets;
        }
        if (contentStart + length > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Element(offset, contentStart, (int) (contentStart + length));
    }

    /** The bytes of the first element inside the SEQUENCE {@code der} (its tag, length and content). */
    static byte[] firstInSequence(byte[] der) {
        Element sequence = at(der, 0);
        if (der[0] != TAG_SEQUENCE) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        Element first = at(der, sequence.contentStart());
        return Arrays.copyOfRange(der, first.start(), first.end());
    }

    /** One element: {@code tag}, the length, {@code content}. */
    static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 2 + LENGTH_BYTES_MAX);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A SEQUENCE of already encoded elements. */
    static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] e : elements) {
            content.writeBytes(e);
        }
        return element(TAG_SEQUENCE, content.toByteArray());
    }
}
