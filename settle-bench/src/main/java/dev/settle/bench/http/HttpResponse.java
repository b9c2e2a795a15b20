package dev.settle.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One answer, reused from request to request on a connection so that reading it allocates
 * nothing once the body buffer has grown to the answers' size. Filled by {@link HttpResponseReader}.
 */
final class HttpResponse {
    /** A batch result of the largest batch is under 1 MiB; anything far beyond is not a Settle answer. */
    static final int BODY_BYTES_MAX = 16 * 1024 * 1024;
    static final int STATUS_MIN = 100;
    static final int STATUS_MAX = 599;
    /** The range of statuses by which a server took a request. */
    static final int STATUS_SUCCESS_MIN = 200;
    static final int STATUS_SUCCESS_MAX = 299;
    /** Too Many Requests: a rate or concurrency limit refused the request. */
    static final int STATUS_TOO_MANY_REQUESTS = 429;
    /** {@link #retryAfterSeconds} when the answer has no Retry-After in seconds. */
    static final long NO_RETRY_AFTER = -1;
    private static final int BODY_BYTES_INITIAL = 4 * 1024;

    private final int bodyBytesMax;
    private byte[] body;
    private int bodyLength;
    private int status;
    private boolean keepAlive;
    private long retryAfterSeconds = NO_RETRY_AFTER;

    HttpResponse() {
        this(BODY_BYTES_MAX);
    }

    /** @param bodyBytesMax the largest body accepted; a larger one is a protocol error */
    HttpResponse(int bodyBytesMax) {
        if (bodyBytesMax < 0 || bodyBytesMax > BODY_BYTES_MAX) {
            throw new IllegalArgumentException("body limit must be 0.." + BODY_BYTES_MAX + " bytes, got " + bodyBytesMax);
        }
        this.bodyBytesMax = bodyBytesMax;
        this.body = new byte[Math.min(BODY_BYTES_INITIAL, bodyBytesMax)];
    }

    int status() {
        return status;
    }

    /** Whether the connection may carry the next request. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** The seconds the server asks the client to wait (429, 503), or {@link #NO_RETRY_AFTER}. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The body's bytes in {@code [0, bodyLength())}; the array is reused by the next answer. */
    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    /** The body as text, cut after {@code charsMax} characters (for error messages). */
    String bodyText(int charsMax) {
        String text = new String(body, 0, bodyLength, StandardCharsets.UTF_8);
        return text.length() <= charsMax ? text : text.substring(0, charsMax) + "…";
    }

    void start(int newStatus) {
        if (newStatus < STATUS_MIN || newStatus > STATUS_MAX) {
            throw new IllegalArgumentException("status must be " + STATUS_MIN + ".." + STATUS_MAX + ", got " + newStatus);
        }
        status = newStatus;
        bodyLength = 0;
        keepAlive = false;
        retryAfterSeconds = NO_RETRY_AFTER;
    }

    /** Set after {@link #start}, from the answer's head. */
    void retryAfterSeconds(long seconds) {
        if (seconds < 0 && seconds != NO_RETRY_AFTER) {
            throw new IllegalArgumentException("Retry-After must be 0 or more seconds, got " + seconds);
        }
        retryAfterSeconds = seconds;
    }

    /** Makes room for {@code additionalBytes} more body bytes, or fails when the body would exceed the limit. */
    void reserve(long additionalBytes) throws HttpProtocolException {
        long needed = bodyLength + additionalBytes;
        if (needed > bodyBytesMax) {
            throw new HttpProtocolException("the answer's body exceeds " + bodyBytesMax + " bytes");
        }
        if (needed > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(bodyBytesMax, Math.max(needed, 2L * body.length)));
        }
    }

    void append(byte[] source, int offset, int length) throws HttpProtocolException {
        reserve(length);
        System.arraycopy(source, offset, body, bodyLength, length);
        bodyLength += length;
    }

    void finish(boolean connectionKeptAlive) {
        keepAlive = connectionKeptAlive;
    }
}
