package dev.settle.reconciliation.statement;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Objects;

/**
 * Characters decoded from bytes with a decoder that REPORTs malformed and unmappable input,
 * never replacing it: a statement with a byte that is not valid in its encoding is refused, not
 * silently changed. The characters before a bad byte are delivered first; the read after them
 * throws {@link EncodingInvalidException}. A byte order mark at the start is skipped.
 */
final class StrictCharsetReader extends Reader {
    static final int BYTE_BUFFER_BYTES = 16 * 1024;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BYTE_BUFFER_BYTES);
    private boolean endOfInput;
    private boolean flushed;
    private boolean atStart = true;

    StrictCharsetReader(InputStream in, Charset charset) {
        this.in = Objects.requireNonNull(in);
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            int produced = decodeSome(out) - offset;
            if (produced > 0 && atStart) {
                atStart = false;
                if (buffer[offset] == BYTE_ORDER_MARK) {
                    System.arraycopy(buffer, offset + 1, buffer, offset, produced - 1);
                    out.position(out.position() - 1);
                    produced--;
                }
            }
            if (produced > 0) {
                return produced;
            }
            if (flushed) {
                return -1;
            }
        }
    }

    /** Decodes what the buffered bytes give (reading more when they give nothing); the new position of {@code out}. */
    private int decodeSome(CharBuffer out) throws IOException {
        int before = out.position();
        while (out.position() == before && !flushed) {
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            if (result.isError()) {
                if (out.position() > before) {
                    break; // deliver what came before the bad bytes; the next read meets them again
                }
                throw new EncodingInvalidException("bytes that are not valid " + charset.name());
            }
            if (result.isOverflow() || out.position() > before) {
                break;
            }
            if (endOfInput) {
                decoder.flush(out);
                flushed = true;
            } else {
                readBytes();
            }
        }
        return out.position();
    }

    private void readBytes() throws IOException {
        bytes.compact();
        int read = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    /** Leaves the underlying stream open: it belongs to the caller of the parser. */
    @Override
    public void close() {}
}
