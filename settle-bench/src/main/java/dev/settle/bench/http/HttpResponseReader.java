package dev.settle.bench.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads HTTP/1.1 answers, one after another, from a connection's input stream: the status line,
 * the headers it needs ({@code Content-Length}, {@code Transfer-Encoding: chunked},
 * {@code Connection}) and the body, whichever way it is delimited. Informational (1xx) answers
 * are skipped. The reader owns a fixed buffer and reads ahead, so it must be the only reader of
 * its stream; {@link #attach} starts over on a new stream.
 */
final class HttpResponseReader {
    static final int BUFFER_BYTES = 64 * 1024;
    /** Longest status line, header line or chunk-size line accepted (Jetty's own default is 8 KiB). */
    static final int LINE_BYTES_MAX = 8 * 1024;
    static final int HEADER_LINES_MAX = 100;
    static final int INFORMATIONAL_ANSWERS_MAX = 4;
    /** Hex digits of a chunk size: 15 keep the value a positive long. */
    private static final int CHUNK_SIZE_DIGITS_MAX = 15;
    /** Decimal digits of a Content-Length: 18 keep the value a positive long. */
    private static final int CONTENT_LENGTH_DIGITS_MAX = 18;
    private static final int NO_CONTENT_LENGTH = -1;
    private static final int STATUS_NO_CONTENT = 204;
    private static final int STATUS_NOT_MODIFIED = 304;
    private static final int STATUS_FINAL_MIN = 200;

    private static final byte[] VERSION_PREFIX = ascii("HTTP/1.");
    /** "HTTP/1.1 200": the shortest status line. */
    private static final int STATUS_LINE_BYTES_MIN = 12;
    private static final int STATUS_CODE_OFFSET = 9;
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final byte[] line = new byte[LINE_BYTES_MAX];
    private InputStream in;
    private int position;
    private int limit;
    private int lineLength;
    // The head of the answer being read.
    private long contentLengthBytes;
    private boolean chunked;
    private boolean keepAlive;

    /** Reads from {@code stream} from now on, forgetting anything read ahead from the previous one. */
    void attach(InputStream stream) {
        in = stream;
        position = 0;
        limit = 0;
    }

    /**
     * Reads the next final answer into {@code response}.
     *
     * @throws EOFException when the stream ends before the answer does
     * @throws HttpProtocolException when the answer is malformed or too large
     */
    void read(HttpResponse response) throws IOException {
        if (in == null) {
            throw new IllegalStateException("no stream attached");
        }
        int status = readHead();
        for (int informational = 1; status < STATUS_FINAL_MIN; informational++) {
            if (informational > INFORMATIONAL_ANSWERS_MAX) {
                throw new HttpProtocolException("more than " + INFORMATIONAL_ANSWERS_MAX + " informational answers");
            }
            status = readHead();
        }
        response.start(status);
        readBody(status, response);
        response.finish(keepAlive);
    }

    private int readHead() throws IOException {
        if (!readLine()) {
            throw new EOFException("the server closed the connection without answering");
        }
        int status = parseStatusLine();
        contentLengthBytes = NO_CONTENT_LENGTH;
        chunked = false;
        readHeaderLines(true);
        return status;
    }

    /** Sets {@link #keepAlive} to the version's default; returns the status code. */
    private int parseStatusLine() throws HttpProtocolException {
        if (lineLength < STATUS_LINE_BYTES_MIN || !startsWith(line, VERSION_PREFIX)
                || !isDigit(line[VERSION_PREFIX.length]) || line[VERSION_PREFIX.length + 1] != ' '
                || (lineLength > STATUS_LINE_BYTES_MIN && line[STATUS_LINE_BYTES_MIN] != ' ')) {
            throw new HttpProtocolException("not an HTTP/1.x status line: " + lineText());
        }
        int status = 0;
        for (int i = STATUS_CODE_OFFSET; i < STATUS_LINE_BYTES_MIN; i++) {
            if (!isDigit(line[i])) {
                throw new HttpProtocolException("not an HTTP/1.x status line: " + lineText());
            }
            status = status * 10 + (line[i] - '0');
        }
        if (status < HttpResponse.STATUS_MIN || status > HttpResponse.STATUS_MAX) {
            throw new HttpProtocolException("status " + status + " is out of range");
        }
        // HTTP/1.0 closes after each answer unless it says keep-alive; 1.1 keeps the connection unless it says close.
        keepAlive = line[VERSION_PREFIX.length] != '0';
        return status;
    }

    /** Reads header lines up to the empty line; applies them to the answer when {@code apply}, else skips (trailers). */
    private void readHeaderLines(boolean apply) throws IOException {
        for (int lines = 0; lines <= HEADER_LINES_MAX; lines++) {
            if (!readLine()) {
                throw new EOFException("the connection ended inside the headers");
            }
            if (lineLength == 0) {
                return;
            }
            if (apply) {
                applyHeader();
            }
        }
        throw new HttpProtocolException("more than " + HEADER_LINES_MAX + " header lines");
    }

    private void applyHeader() throws HttpProtocolException {
        int colon = indexOf(line, 0, lineLength, (byte) ':');
        if (colon <= 0) {
            throw new HttpProtocolException("malformed header line: " + lineText());
        }
        int valueStart = colon + 1;
        int valueEnd = lineLength;
        while (valueStart < valueEnd && isSpace(line[valueStart])) {
            valueStart++;
        }
        while (valueEnd > valueStart && isSpace(line[valueEnd - 1])) {
            valueEnd--;
        }
        if (equalsIgnoreCase(line, 0, colon, CONTENT_LENGTH)) {
            contentLengthBytes = parseContentLength(valueStart, valueEnd);
        } else if (equalsIgnoreCase(line, 0, colon, TRANSFER_ENCODING)) {
            // Only chunked is supported: the client sends no Accept-Encoding, so nothing else should come.
            if (!lastTokenIs(valueStart, valueEnd, CHUNKED)) {
                throw new HttpProtocolException("unsupported transfer coding: " + lineText());
            }
            chunked = true;
        } else if (equalsIgnoreCase(line, 0, colon, CONNECTION)) {
            if (hasToken(valueStart, valueEnd, CLOSE)) {
                keepAlive = false;
            } else if (hasToken(valueStart, valueEnd, KEEP_ALIVE)) {
                keepAlive = true;
            }
        }
    }

    private long parseContentLength(int start, int end) throws HttpProtocolException {
        if (start == end || end - start > CONTENT_LENGTH_DIGITS_MAX) {
            throw new HttpProtocolException("malformed Content-Length: " + lineText());
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            if (!isDigit(line[i])) {
                throw new HttpProtocolException("malformed Content-Length: " + lineText());
            }
            value = value * 10 + (line[i] - '0');
        }
        return value;
    }

    private void readBody(int status, HttpResponse response) throws IOException {
        if (status == STATUS_NO_CONTENT || status == STATUS_NOT_MODIFIED) {
            return;
        }
        if (chunked) {
            readChunks(response);
        } else if (contentLengthBytes != NO_CONTENT_LENGTH) {
            readExactly(contentLengthBytes, response);
        } else {
            // Neither length nor chunks: the body runs to the end of the connection.
            readToEnd(response);
            keepAlive = false;
        }
    }

    /** Bounded by the response's body limit: every chunk but the last adds at least one byte. */
    private void readChunks(HttpResponse response) throws IOException {
        while (true) {
            if (!readLine()) {
                throw new EOFException("the connection ended before the last chunk");
            }
            long sizeBytes = parseChunkSize();
            if (sizeBytes == 0) {
                readHeaderLines(false);
                return;
            }
            readExactly(sizeBytes, response);
            if (!readLine()) {
                throw new EOFException("the connection ended after a chunk's data");
            }
            if (lineLength != 0) {
                throw new HttpProtocolException("a chunk's data is not followed by CRLF");
            }
        }
    }

    private long parseChunkSize() throws HttpProtocolException {
        int end = indexOf(line, 0, lineLength, (byte) ';');
        if (end < 0) {
            end = lineLength;
        }
        while (end > 0 && isSpace(line[end - 1])) {
            end--;
        }
        if (end == 0 || end > CHUNK_SIZE_DIGITS_MAX) {
            throw new HttpProtocolException("malformed chunk size: " + lineText());
        }
        long size = 0;
        for (int i = 0; i < end; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0) {
                throw new HttpProtocolException("malformed chunk size: " + lineText());
            }
            size = size * 16 + digit;
        }
        return size;
    }

    private void readExactly(long bytes, HttpResponse response) throws IOException {
        response.reserve(bytes);
        long remaining = bytes;
        while (remaining > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("the connection ended " + remaining + " bytes before the body's end");
            }
            int taken = (int) Math.min(remaining, limit - position);
            response.append(buffer, position, taken);
            position += taken;
            remaining -= taken;
        }
    }

    /** Bounded by the response's body limit, which {@link HttpResponse#append} enforces. */
    private void readToEnd(HttpResponse response) throws IOException {
        while (position < limit || fill()) {
            response.append(buffer, position, limit - position);
            position = limit;
        }
    }

    /**
     * Reads one line into {@link #line} without its CRLF (a bare LF is accepted too).
     *
     * @return false when the stream ended before the line's first byte
     */
    private boolean readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (lineLength == 0) {
                    return false;
                }
                throw new EOFException("the connection ended inside a line");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == LINE_BYTES_MAX) {
                throw new HttpProtocolException("a line of the answer exceeds " + LINE_BYTES_MAX + " bytes");
            }
            line[lineLength++] = b;
        }
    }

    /** Refills the empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (position != limit) {
            throw new AssertionError("refilling a buffer that still holds " + (limit - position) + " bytes");
        }
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private boolean hasToken(int start, int end, byte[] token) {
        int tokenStart = start;
        while (tokenStart <= end) {
            int comma = indexOf(line, tokenStart, end, (byte) ',');
            int tokenEnd = comma < 0 ? end : comma;
            if (trimmedEqualsIgnoreCase(tokenStart, tokenEnd, token)) {
                return true;
            }
            tokenStart = tokenEnd + 1;
        }
        return false;
    }

    private boolean lastTokenIs(int start, int end, byte[] token) {
        int lastComma = -1;
        for (int i = start; i < end; i++) {
            if (line[i] == ',') {
                lastComma = i;
            }
        }
        return trimmedEqualsIgnoreCase(lastComma < 0 ? start : lastComma + 1, end, token);
    }

    private boolean trimmedEqualsIgnoreCase(int start, int end, byte[] token) {
        int from = start;
        int to = end;
        while (from < to && isSpace(line[from])) {
            from++;
        }
        while (to > from && isSpace(line[to - 1])) {
            to--;
        }
        return equalsIgnoreCase(line, from, to, token);
    }

    private String lineText() {
        return new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    }

    /** {@code bytes[from, to)} equals {@code lowerCase}, ASCII letters compared without case. */
    private static boolean equalsIgnoreCase(byte[] bytes, int from, int to, byte[] lowerCase) {
        if (to - from != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            byte b = bytes[from + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
