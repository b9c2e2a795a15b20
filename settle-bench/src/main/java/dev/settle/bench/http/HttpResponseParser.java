package dev.settle.bench.http;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;

/**
 * Parses one HTTP/1.1 answer at a time from whatever bytes the connection hands over, in pieces of
 * any size: the status line, the headers it needs ({@code Content-Length},
 * {@code Transfer-Encoding: chunked}, {@code Connection}, {@code Retry-After}) and the body, whichever way it is
 * delimited. Informational (1xx) answers are skipped. It never reads past the end of the answer,
 * so what follows in the same bytes is left to the caller.
 *
 * <p>A partial line is kept in a fixed buffer of its own and body bytes go straight into the
 * {@link HttpResponse}, so the caller's buffer holds nothing between calls. Owned by one thread;
 * allocates nothing once the response's body buffer has grown to the answers' size.
 *
 * <pre>
 *   STATUS_LINE -> HEADER_LINE* -> (1xx: STATUS_LINE again)
 *               -> FIXED_BODY                                             -> COMPLETE
 *               -> (CHUNK_SIZE_LINE -> CHUNK_DATA -> CHUNK_DATA_END)* -> TRAILER_LINE* -> COMPLETE
 *               -> BODY_TO_END (until the connection ends)            -> COMPLETE
 * </pre>
 */
final class HttpResponseParser {
    /** Longest status line, header line or chunk-size line accepted (Jetty's own default is 8 KiB). */
    static final int LINE_BYTES_MAX = 8 * 1024;
    static final int HEADER_LINES_MAX = 100;
    static final int INFORMATIONAL_ANSWERS_MAX = 4;
    /** Hex digits of a chunk size: 15 keep the value a positive long. */
    private static final int CHUNK_SIZE_DIGITS_MAX = 15;
    /** Decimal digits of a Content-Length: 18 keep the value a positive long. */
    private static final int CONTENT_LENGTH_DIGITS_MAX = 18;
    /** Decimal digits of a Retry-After in seconds: 9 are over 30 years, more is not advice a client can use. */
    private static final int RETRY_AFTER_DIGITS_MAX = 9;
    private static final long NO_CONTENT_LENGTH = -1;
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
    private static final byte[] RETRY_AFTER = ascii("retry-after");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private enum State {
        STATUS_LINE, HEADER_LINE, FIXED_BODY, CHUNK_SIZE_LINE, CHUNK_DATA, CHUNK_DATA_END, TRAILER_LINE, BODY_TO_END,
        COMPLETE
    }

    private final byte[] line = new byte[LINE_BYTES_MAX];
    private int lineLength;
    private State state = State.COMPLETE;
    private HttpResponse response;
    /** Whether any byte of the answer arrived: an answer never begun ends differently from one cut short. */
    private boolean begun;
    private int informationalAnswers;
    private int headerLines;
    // The head of the answer being read.
    private int status;
    private long contentLengthBytes;
    private boolean chunked;
    private boolean keepAlive;
    private long retryAfterSeconds;
    /** Bytes still to come of the fixed-length body or of the current chunk. */
    private long bodyRemainingBytes;

    /** Starts on the next answer, which is read into {@code into}; anything of an unfinished one is dropped. */
    void start(HttpResponse into) {
        if (into == null) {
            throw new IllegalArgumentException("the parser needs a response to fill");
        }
        response = into;
        state = State.STATUS_LINE;
        lineLength = 0;
        begun = false;
        informationalAnswers = 0;
    }

    /** Whether the answer is complete: its status, body and keep-alive are in the response. */
    boolean isComplete() {
        return state == State.COMPLETE;
    }

    /**
     * Consumes {@code bytes[offset, offset + length)} up to the end of the answer at most.
     *
     * @return the bytes consumed: all of them, or fewer when the answer ended before them
     * @throws HttpProtocolException when the answer is malformed or too large
     */
    int parse(byte[] bytes, int offset, int length) throws HttpProtocolException {
        if (response == null) {
            throw new IllegalStateException("no answer started");
        }
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", " + offset + "+" + length + ") of "
                    + bytes.length);
        }
        int position = offset;
        int end = offset + length;
        if (position < end && state != State.COMPLETE) {
            begun = true;
        }
        // Bounded: every step but the last consumes at least one byte or completes the answer.
        while (position < end && state != State.COMPLETE) {
            position = switch (state) {
                case FIXED_BODY, CHUNK_DATA -> consumeBody(bytes, position, end);
                case BODY_TO_END -> {
                    response.append(bytes, position, end - position);
                    yield end;
                }
                case STATUS_LINE, HEADER_LINE, CHUNK_SIZE_LINE, CHUNK_DATA_END, TRAILER_LINE ->
                        consumeLine(bytes, position, end);
                case COMPLETE -> throw new AssertionError("the loop stops at a complete answer");
            };
        }
        return position - offset;
    }

    /**
     * The connection ended after the bytes parsed so far: completes an answer whose body runs to
     * the end of the connection (and cannot be kept alive), or fails.
     *
     * @throws EOFException when the answer was not complete
     */
    void endOfStream() throws EOFException {
        switch (state) {
            case COMPLETE -> {
                return;
            }
            case BODY_TO_END -> {
                keepAlive = false;
                complete();
                return;
            }
            case STATUS_LINE -> {
                if (!begun) {
                    throw new EOFException("the server closed the connection without answering");
                }
                throw new EOFException("the connection ended before the final answer's status line");
            }
            case HEADER_LINE -> throw new EOFException("the connection ended inside the headers");
            case FIXED_BODY -> throw new EOFException("the connection ended " + bodyRemainingBytes
                    + " bytes before the body's end");
            case CHUNK_SIZE_LINE, CHUNK_DATA, CHUNK_DATA_END, TRAILER_LINE ->
                    throw new EOFException("the connection ended before the last chunk");
        }
    }

    private int consumeBody(byte[] bytes, int from, int end) throws HttpProtocolException {
        int taken = (int) Math.min(bodyRemainingBytes, end - from);
        response.append(bytes, from, taken);
        bodyRemainingBytes -= taken;
        if (bodyRemainingBytes == 0) {
            if (state == State.FIXED_BODY) {
                complete();
            } else {
                state = State.CHUNK_DATA_END;
            }
        }
        return from + taken;
    }

    /** Adds bytes up to the next LF to {@link #line}; at the LF, strips the CR and acts on the line. */
    private int consumeLine(byte[] bytes, int from, int end) throws HttpProtocolException {
        int newline = indexOf(bytes, from, end, (byte) '\n');
        int pieceEnd = newline < 0 ? end : newline;
        int pieceLength = pieceEnd - from;
        if (pieceLength > LINE_BYTES_MAX - lineLength) {
            throw new HttpProtocolException("a line of the answer exceeds " + LINE_BYTES_MAX + " bytes");
        }
        System.arraycopy(bytes, from, line, lineLength, pieceLength);
        lineLength += pieceLength;
        if (newline < 0) {
            return end;
        }
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        onLine();
        lineLength = 0;
        return newline + 1;
    }

    private void onLine() throws HttpProtocolException {
        switch (state) {
            case STATUS_LINE -> {
                status = parseStatusLine();
                contentLengthBytes = NO_CONTENT_LENGTH;
                chunked = false;
                retryAfterSeconds = HttpResponse.NO_RETRY_AFTER;
                headerLines = 0;
                state = State.HEADER_LINE;
            }
            case HEADER_LINE -> {
                if (lineLength == 0) {
                    endOfHead();
                } else {
                    countHeaderLine();
                    applyHeader();
                }
            }
            case CHUNK_SIZE_LINE -> startChunk(parseChunkSize());
            case CHUNK_DATA_END -> {
                if (lineLength != 0) {
                    throw new HttpProtocolException("a chunk's data is not followed by CRLF");
                }
                state = State.CHUNK_SIZE_LINE;
            }
            case TRAILER_LINE -> {
                if (lineLength == 0) {
                    complete();
                } else {
                    countHeaderLine();
                }
            }
            case FIXED_BODY, CHUNK_DATA, BODY_TO_END, COMPLETE ->
                    throw new AssertionError("no line is read in state " + state);
        }
    }

    private void countHeaderLine() throws HttpProtocolException {
        headerLines++;
        if (headerLines > HEADER_LINES_MAX) {
            throw new HttpProtocolException("more than " + HEADER_LINES_MAX + " header lines");
        }
    }

    /** Skips an informational answer, or starts the final answer's body. */
    private void endOfHead() throws HttpProtocolException {
        if (status < STATUS_FINAL_MIN) {
            informationalAnswers++;
            if (informationalAnswers > INFORMATIONAL_ANSWERS_MAX) {
                throw new HttpProtocolException("more than " + INFORMATIONAL_ANSWERS_MAX + " informational answers");
            }
            state = State.STATUS_LINE;
            return;
        }
        response.start(status);
        response.retryAfterSeconds(retryAfterSeconds);
        if (status == STATUS_NO_CONTENT || status == STATUS_NOT_MODIFIED) {
            complete();
        } else if (chunked) {
            state = State.CHUNK_SIZE_LINE;
        } else if (contentLengthBytes != NO_CONTENT_LENGTH) {
            response.reserve(contentLengthBytes);
            bodyRemainingBytes = contentLengthBytes;
            state = State.FIXED_BODY;
            if (bodyRemainingBytes == 0) {
                complete();
            }
        } else {
            // Neither length nor chunks: the body runs to the end of the connection.
            state = State.BODY_TO_END;
        }
    }

    /** Bounded by the response's body limit: every chunk but the last adds at least one byte. */
    private void startChunk(long sizeBytes) throws HttpProtocolException {
        if (sizeBytes == 0) {
            headerLines = 0;
            state = State.TRAILER_LINE;
            return;
        }
        response.reserve(sizeBytes);
        bodyRemainingBytes = sizeBytes;
        state = State.CHUNK_DATA;
    }

    private void complete() {
        response.finish(keepAlive);
        state = State.COMPLETE;
    }

    /** Sets {@link #keepAlive} to the version's default; returns the status code. */
    private int parseStatusLine() throws HttpProtocolException {
        if (lineLength < STATUS_LINE_BYTES_MIN || !startsWith(line, VERSION_PREFIX)
                || !isDigit(line[VERSION_PREFIX.length]) || line[VERSION_PREFIX.length + 1] != ' '
                || (lineLength > STATUS_LINE_BYTES_MIN && line[STATUS_LINE_BYTES_MIN] != ' ')) {
            throw new HttpProtocolException("not an HTTP/1.x status line: " + lineText());
        }
        int code = 0;
        for (int i = STATUS_CODE_OFFSET; i < STATUS_LINE_BYTES_MIN; i++) {
            if (!isDigit(line[i])) {
                throw new HttpProtocolException("not an HTTP/1.x status line: " + lineText());
            }
            code = code * 10 + (line[i] - '0');
        }
        if (code < HttpResponse.STATUS_MIN || code > HttpResponse.STATUS_MAX) {
            throw new HttpProtocolException("status " + code + " is out of range");
        }
        // HTTP/1.0 closes after each answer unless it says keep-alive; 1.1 keeps the connection unless it says close.
        keepAlive = line[VERSION_PREFIX.length] != '0';
        return code;
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
        } else if (equalsIgnoreCase(line, 0, colon, RETRY_AFTER)) {
            retryAfterSeconds = parseDeltaSeconds(valueStart, valueEnd);
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

    /**
     * A Retry-After of delta-seconds, or {@link HttpResponse#NO_RETRY_AFTER} for any other value:
     * the header is advice, so an HTTP-date (which Settle never sends) or garbage is ignored
     * rather than failing the answer.
     */
    private long parseDeltaSeconds(int start, int end) {
        if (start == end || end - start > RETRY_AFTER_DIGITS_MAX) {
            return HttpResponse.NO_RETRY_AFTER;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            if (!isDigit(line[i])) {
                return HttpResponse.NO_RETRY_AFTER;
            }
            value = value * 10 + (line[i] - '0');
        }
        return value;
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
